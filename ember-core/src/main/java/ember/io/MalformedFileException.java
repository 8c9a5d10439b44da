package ember.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file whose content does not follow its format (bad header, sizes that disagree, truncation): names both. */
public class MalformedFileException extends IOException {
    private final transient Path file;

    public MalformedFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public MalformedFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() { return file; }
}
