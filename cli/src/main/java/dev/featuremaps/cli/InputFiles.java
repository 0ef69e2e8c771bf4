package dev.featuremaps.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading the one file argument of a command, {@code -} meaning standard input. */
final class InputFiles {
    private InputFiles() {
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
        return name.equals("-") ? "<stdin>" : name;
    }

    /** Reads a UTF-8 text file, or standard input for {@code -}. */
    static String read(String arg) {
        String name = display(arg);
        byte[] bytes;
        try {
            if (arg.equals("-")) {
                try (InputStream in = System.in) {
                    bytes = in.readAllBytes();
                }
            } else {
                Path path = Path.of(arg);
                if (Files.isDirectory(path)) {
                    throw new BadInputException(name + ": is a directory", null);
                }
                bytes = Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(name + ": permission denied", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(name + ": not valid UTF-8 text", e);
        }
    }
}
