// Check several EPUB files with EPUBCheck in one JVM: the JVM's start and the loading of
// EPUBCheck's schemas, most of a check's time, are paid once instead of once a file.
// tests/epubcheck_runner.py runs it with Java's source launcher (no build step):
//
//     java -cp epubcheck.jar tests/EpubCheckBatch.java FILE...
//
// For each file: a line "FILE<tab>path" on stderr, EPUBCheck's messages on stderr, then a
// line "RESULT<tab>path<tab>fatals<tab>errors<tab>warnings" on stdout.

import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            System.err.println("FILE\t" + path);
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.err.flush();
            System.out.printf("RESULT\t%s\t%d\t%d\t%d%n", path, report.getFatalErrorCount(),
                    report.getErrorCount(), report.getWarningCount());
        }
    }
}
