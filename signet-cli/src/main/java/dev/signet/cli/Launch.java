package dev.signet.cli;

import dev.signet.cli.server.ServerCommand;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jsign.pe.PEFile;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How each command's JVM is started: the one place that says so. The build writes it out ({@code
 * files}) as one java argument file per command for {@code bin/signet} ({@code java @verify.args
 * ...}), with the names of the global options that take a value (from picocli's model of them), so
 * the launcher finds the command's name without a grammar of its own; and it trains ({@code train})
 * the class-data archive that every client command starts from.
 *
 * <ul>
 *   <li>{@code server}: the JVM's defaults (both JIT compilers; perf data for jcmd and jstat) with a
 *       bounded heap, {@link ServerCommand#JVM_FLAGS} (why: there).
 *   <li>every other command is a one-shot client: C1 only, compiling only methods twice as hot as by
 *       default (a client ends before C2's compilations pay back their CPU), no perf-data file, and
 *       the application class-data archive ({@code -Xshare:auto}: a missing, stale or foreign archive
 *       is ignored silently).
 *   <li>{@code sign}: as a client, with its per-file code compiled at the default C1 thresholds (in
 *       a batch of 1,000 files that costs less CPU than interpreting it longer, ~0.07 ms per file) and
 *       a 96 MiB young generation (a batch of 1,000 small files allocates some 30 MiB: no collection;
 *       G1's default young size took 3, ~5% of the call's CPU).
 * </ul>
 */
public final class Launch {
    private static final List<String> CLIENT = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    private static final Map<String, List<String>> BY_COMMAND =
            Map.of("server", ServerCommand.JVM_FLAGS, "sign", List.of("-XX:CompileThresholdScaling=1", "-Xmn96m"));
    private static final List<String> CLIENT_DEFAULT = List.of("-XX:CompileThresholdScaling=2");

    private Launch() {}

    /** The JVM flags of {@code command} (null or unknown: a client command), the archive not included. */
    static List<String> jvmFlags(String command) {
        if ("server".equals(command)) {
            return BY_COMMAND.get("server");
        }
        List<String> flags = new ArrayList<>(CLIENT);
        flags.addAll(command == null ? CLIENT_DEFAULT : BY_COMMAND.getOrDefault(command, CLIENT_DEFAULT));
        return flags;
    }

    /** The flags that start a client from the class-data archive, when it is there and fits. */
    static List<String> archiveFlags(Path archive) {
        return List.of("-Xshare:auto", "-Xlog:cds=off", "-XX:SharedArchiveFile=" + archive.toAbsolutePath());
    }

    /**
     * {@code files DIR ARCHIVE}: writes {@code DIR/NAME.args} for every command and {@code
     * DIR/client.args} for none, and {@code DIR/value-options}. {@code train ARTIFACT SIGNATURE ROOT PE
     * SIGNED_PE}: runs, in this JVM, the invocations whose classes the archive holds (a verification, a
     * signing that finds no server, the help), printing nothing, and then what a PE's signing loads
     * past the server's answer ({@link #trainPeSigning}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("files")) {
            files(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length == 6 && args[0].equals("train")) {
            train(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            trainPeSigning(Path.of(args[4]), Path.of(args[5]));
        } else {
            throw new IllegalArgumentException("usage: files DIR ARCHIVE | train ARTIFACT SIGNATURE ROOT PE SIGNED_PE");
        }
    }

    static void files(Path dir, Path archive) throws IOException {
        Files.createDirectories(dir);
        for (String name : SignetCommand.COMMANDS.keySet()) {
            write(dir.resolve(name + ".args"), argumentFile(name, archive));
        }
        write(dir.resolve("client.args"), argumentFile(null, archive));
        write(dir.resolve("value-options"), String.join(" ", valueOptions()) + "\n");
    }

    private static String argumentFile(String command, Path archive) {
        List<String> flags = new ArrayList<>(jvmFlags(command));
        if (!"server".equals(command)) {
            flags.addAll(archiveFlags(archive));
        }
        return flags.stream().map(f -> f + "\n").collect(Collectors.joining());
    }

    /** The names of the global options that take a value, as picocli's model of the root command has them. */
    static List<String> valueOptions() {
        CommandLine root = new CommandLine(new SignetCommand(CliContext.system()));
        List<String> names = new ArrayList<>();
        for (OptionSpec option : root.getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                names.addAll(List.of(option.names()));
            }
        }
        return names;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void train(Path artifact, Path signature, Path root) {
        // as Main chooses for a verification and a small signing, before anything touches the providers
        System.setProperty(CryptoProviders.PROPERTY, "jdk");
        CliContext quiet = new CliContext(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDTRAINING", "AWS_SECRET_ACCESS_KEY", "training"),
                Path.of("").toAbsolutePath());
        Main.run(quiet, "--help");
        Main.run(quiet, "verify", artifact.toString(), "--signature", signature.toString(), "--trust", root.toString());
        Main.run(
                quiet,
                "-o",
                "json",
                "verify",
                artifact.toString(),
                "--signature",
                signature.toString(),
                "--trust",
                root.toString());
        // port 9 on loopback: refused at once, after the request is built and signed; nothing is written
        Main.run(quiet, "sign", artifact.toString(), "--profile", "training", "--endpoint", "http://127.0.0.1:9");
    }

    /**
     * What {@code signet sign} of a PE loads that a signing finding no server does not: ACCP (its
     * provider and self-test; a large file is hashed on it), the client half's read and hash
     * ({@code PeImage}, {@code PeScan}), and the check and embedding of an answer, here {@code
     * SIGNED_PE}'s own SignedData over {@code PE} (the vectors' {@code hello.exe} and its signed copy),
     * written to a temporary file deleted at the end. A failure fails the build: the archive would
     * miss the classes it is there for.
     */
    static void trainPeSigning(Path pe, Path signedPe) throws IOException {
        CryptoProviders.accpAvailable(); // loads it and runs its self-test, whatever the mode
        String platform = "Signet-Authenticode-SHA256-RSA";
        ClientSigning signing = ClientSignings.forPlatform(platform).orElseThrow();
        Path out = Files.createTempFile("signet-training-", ".exe");
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ClientSigning.Prepared prepared = signing.prepare(platform, pe, n -> {}, channel);
            prepared.finish(embeddedSignedData(signedPe), channel);
        } catch (FormatException e) {
            throw new IllegalStateException("the PE training run failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The DER SignedData of a signed PE's first signature, as jsign reads it. */
    private static byte[] embeddedSignedData(Path signedPe) throws IOException {
        try (PEFile pe = new PEFile(signedPe.toFile())) {
            return pe.getSignatures().get(0).getEncoded("DER");
        }
    }
}
