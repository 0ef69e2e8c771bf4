package dev.featuremaps.cli;

import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reading the one file argument of a command, {@code -} meaning standard input: as a stream of
 * strict UTF-8 text, never more than a limit of bytes, so that {@code /dev/zero} or a runaway
 * pipe is refused instead of filling the heap.
 */
final class InputFiles {
    /** The default limit on the bytes of one input: far above any net a person writes. */
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private InputFiles() {
    }

    /** Reads a text to its end. */
    interface Step<T> {
        T read(Reader in) throws IOException;
    }

    /** An input that passed the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    /** The single file argument of a command. */
    static String single(List<String> args, String command, String what) {
        if (args.isEmpty()) {
            throw new UsageException(command + " needs a " + what + " file argument");
        }
        if (args.size() > 1) {
            throw new UsageException(command + " takes one " + what + " file, got " + args.size()
                    + " arguments: " + String.join(" ", args));
        }
        return args.get(0);
    }

    /** The name of a file argument in messages. */
    static String display(String name) {
        return name.equals("-") ? "<stdin>" : Messages.shorten(name);
    }

    /**
     * Opens a file (or standard input for {@code -}) and reads it with {@code step}, turning
     * every way reading can fail into a one-line {@link BadInputException} naming the file.
     */
    static <T> T read(String arg, long maxBytes, Step<T> step) {
        String name = display(arg);
        try (Reader in = open(arg, maxBytes)) {
            return step.read(in);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(name + ": permission denied", e);
        } catch (TooLargeException e) {
            throw new BadInputException(name + ": larger than the input limit of " + maxBytes
                    + " bytes (raise it with --max-input-bytes)", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(name + ": not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Reader open(String arg, long maxBytes) throws IOException {
        InputStream raw;
        if (arg.equals("-")) {
            raw = System.in;
        } else {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                throw new BadInputException(display(arg) + ": is a directory", null);
            }
            raw = Files.newInputStream(path);
        }
        return new WithoutBom(new InputStreamReader(new Limited(raw, maxBytes), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** Fails once more than {@code max} bytes have been read. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new TooLargeException(max);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // One byte past the limit is enough to know it is passed.
            int n = super.read(b, off, (int) Math.min(len, max - count + 1));
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLargeException(max);
                }
            }
            return n;
        }
    }

    /** Drops a leading byte order mark, which editors on some systems write into UTF-8 files. */
    private static final class WithoutBom extends FilterReader {
        private boolean started;

        WithoutBom(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (!started && n > 0) {
                started = true;
                if (buf[off] == '\uFEFF') {
                    System.arraycopy(buf, off + 1, buf, off, n - 1);
                    n--;
                    if (n == 0) {
                        return read(buf, off, len);
                    }
                }
            }
            return n;
        }
    }
}
