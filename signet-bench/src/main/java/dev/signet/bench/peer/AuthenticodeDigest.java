package dev.signet.bench.peer;

import dev.signet.cli.Main;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The Authenticode digest of a PE alone, by the code {@code signet sign} runs before it sends
 * anything: {@link ClientSigning#prepare} of the Authenticode platform (the checks StartSigningJob
 * makes, then the one streamed read that hashes the file), with no server, no output file and no
 * copy. Prints the payload it would send, in hex. Issue 17's benchmark runs it as a whole process in
 * a fresh JVM, with the JVM flags of {@code signet sign}, as the PE's second baseline beside {@code
 * osslsigncode extract-data}. {@code AuthenticodeDigest FILE}.
 */
public final class AuthenticodeDigest {
    /** The platform whose client half is measured. */
    public static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";

    private AuthenticodeDigest() {}

    public static void main(String[] args) throws FormatException {
        if (args.length != 1) {
            System.err.println("usage: AuthenticodeDigest FILE");
            System.exit(2);
        }
        // the CLI's logging backend, as its Main chooses it (the class path holds two)
        System.setProperty(Main.SLF4J_PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        ClientSigning signing = ClientSignings.forPlatform(PLATFORM)
                .orElseThrow(() -> new IllegalStateException("no client signing for " + PLATFORM));
        byte[] payload = signing.prepare(PLATFORM, Path.of(args[0]), n -> {}).payload();
        System.out.println(HexFormat.of().formatHex(payload));
    }
}
