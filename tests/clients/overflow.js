// What of the page reaches past the sides of the screen with the reader's text at each of
// `sizes` px, set on the root element as reading systems set it: for each size, null when
// the page fits, else its width and the innermost elements that stick out or whose
// content does.
(sizes) => sizes.map((size) => {
    const root = document.documentElement;
    root.style.fontSize = `${size}px`;
    const width = window.innerWidth;
    if (root.scrollWidth <= width) {
        return null;
    }
    const sticksOut = (element) => {
        const box = element.getBoundingClientRect();
        return box.right > width + 0.5 || box.left < -0.5
            || (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1);
    };
    const describe = (element) => {
        const path = [];
        for (let e = element; e && e !== document.body; e = e.parentElement) {
            path.unshift(e.localName + (e.classList.length ? `.${[...e.classList].join(".")}` : ""));
        }
        const box = element.getBoundingClientRect();
        const text = element.textContent.replace(/\s+/g, " ").trim().slice(0, 60);
        return `${path.join(" > ")} (${Math.round(box.left)}-${Math.round(box.right)} px): "${text}"`;
    };
    const found = [...document.body.querySelectorAll("*")].filter(sticksOut);
    const innermost = found.filter((e) => !found.some((other) => other !== e && e.contains(other)));
    return { size, scrollWidth: root.scrollWidth, elements: innermost.slice(0, 5).map(describe) };
})
