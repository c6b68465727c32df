package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import net.jsign.Signable;
import net.jsign.msi.MSIFile;
import net.jsign.pe.PEFile;
import net.jsign.script.PowerShellScript;

/** Recognises the files Authenticode signs by content and opens them with jsign. */
final class AuthenticodeFiles {
    /** PowerShell scripts are read whole as text; anything larger is not a script. */
    static final int MAX_SCRIPT_SIZE = 16 * 1024 * 1024;

    private static final byte[] OLE = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    enum Kind {
        PE("pe"),
        MSI("msi"),
        POWERSHELL("powershell");

        private final String payloadName;

        Kind(String payloadName) {
            this.payloadName = payloadName;
        }

        /** The kind's name in a SignPayload payload ({@link AuthenticodeDigestPayload}). */
        String payloadName() {
            return payloadName;
        }

        static Optional<Kind> ofPayloadName(String name) {
            return Arrays.stream(values())
                    .filter(k -> k.payloadName.equals(name))
                    .findFirst();
        }
    }

    private AuthenticodeFiles() {}

    static Optional<Kind> kindOf(byte[] head) {
        if (head == null || head.length < 2) {
            return Optional.empty();
        }
        if (head[0] == 'M' && head[1] == 'Z') {
            return Optional.of(Kind.PE);
        }
        if (head.length >= OLE.length && Arrays.equals(Arrays.copyOf(head, OLE.length), OLE)) {
            return Optional.of(Kind.MSI);
        }
        return isText(head) ? Optional.of(Kind.POWERSHELL) : Optional.empty();
    }

    /** Opens {@code file} with the jsign type its content calls for; the caller closes it. */
    static Signable open(Path file) throws FormatException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        } catch (IOException e) {
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
        Kind kind =
                kindOf(head).orElseThrow(() -> new FormatException("not a PE file, MSI package or PowerShell script"));
        return read("malformed " + kind + " file", () -> switch (kind) {
            case PE -> new PEFile(file.toFile());
            case MSI -> new MSIFile(file.toFile());
            case POWERSHELL -> openScript(file);
        });
    }

    /** One step of jsign's reading of an untrusted file: jsign calls and this package's refusals only. */
    @FunctionalInterface
    interface Reading<T> {
        T run() throws IOException, FormatException;
    }

    /**
     * Runs a step of jsign's reading of an untrusted file (and of Apache POI's, under it, for MSI).
     * They declare {@link IOException}, but read headers, tables and the signature with {@code
     * java.nio} buffers and BouncyCastle without validating them first, so a malformed file also
     * surfaces as {@link BufferUnderflowException} or {@link IndexOutOfBoundsException} (a table past
     * the end), {@link NegativeArraySizeException} (a length read from the file), {@link
     * IllegalArgumentException} or {@link IllegalStateException} (a bad position, BouncyCastle's
     * ASN.1): those, and IOException, become {@code FormatException(what + ": " + reason)}. Anything
     * else escapes as the bug it is.
     */
    static <T> T read(String what, Reading<T> step) throws FormatException {
        try {
            return step.run();
        } catch (IOException
                | BufferUnderflowException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | IllegalArgumentException
                | IllegalStateException e) {
            throw new FormatException(what + ": " + oneLine(e), e);
        }
    }

    private static Signable openScript(Path file) throws IOException, FormatException {
        if (Files.size(file) > MAX_SCRIPT_SIZE) {
            throw new FormatException("a PowerShell script is at most " + MAX_SCRIPT_SIZE + " bytes");
        }
        if (!isText(Files.readAllBytes(file))) {
            throw new FormatException("not a PE file, MSI package or UTF-8 PowerShell script");
        }
        return new PowerShellScript(file.toFile(), StandardCharsets.UTF_8);
    }

    /** UTF-8 (a torn last character allowed, as in a head) without NUL bytes. */
    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, Math.max(0, bytes.length - (bytes.length >= 4096 ? 3 : 0))));
            return bytes.length > 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
