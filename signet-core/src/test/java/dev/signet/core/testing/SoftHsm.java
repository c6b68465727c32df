package dev.signet.core.testing;

import dev.signet.core.crypto.pkcs11.Pkcs11Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SoftHSM2 token of one test, in the test's own directory: its own {@code softhsm2.conf}, token
 * directory and copy of the module.
 *
 * <p>Why the copy: SoftHSM2 reads its configuration from the file named by the {@code
 * SOFTHSM2_CONF} environment variable once, when the module is initialised, and the JVM loads a
 * module file once and initialises it once. The build sets {@code SOFTHSM2_CONF} for the whole test
 * JVM to one path (the surefire configuration of the parent pom); {@link #create} writes the test's
 * configuration there and initialises a fresh copy of the module (a new file, so a new library
 * instance) before the next test rewrites it (a file lock beside it holds off the other test JVMs
 * of a module whose tests run in parallel forks). The token directory is the test's; moving it away
 * unplugs the token ({@link #unplug}, {@link #plugBack}).
 *
 * <p>SoftHSM2 missing ({@code softhsm2-util} or the module) fails the test; it is never skipped.
 */
public final class SoftHsm {
    public static final String PIN = "123456";
    public static final String SO_PIN = "12345678";
    private static final List<Path> MODULES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"), Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"));
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
    private static final Object LOCK = new Object();

    private final Path dir;
    private final Path tokens;
    private final Path module;
    private final String label;
    private final long slot;

    private SoftHsm(Path dir, Path tokens, Path module, String label, long slot) {
        this.dir = dir;
        this.tokens = tokens;
        this.module = module;
        this.label = label;
        this.slot = slot;
    }

    /** Makes a token labelled {@code label} (user PIN {@link #PIN}) under {@code dir} and loads its module. */
    public static SoftHsm create(Path dir, String label) {
        synchronized (LOCK) {
            try {
                Path tokens = Files.createDirectories(dir.resolve("tokens"));
                Path conf = dir.resolve("softhsm2.conf");
                String text = "directories.tokendir = " + tokens + "\n"
                        + "objectstore.backend = file\n"
                        + "log.level = ERROR\n"
                        + "slots.removable = true\n";
                Files.writeString(conf, text);
                ProcessBuilder init = new ProcessBuilder(
                        "softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN);
                init.environment().put("SOFTHSM2_CONF", conf.toString());
                Processes.Result result = Processes.run(init, Tools.BOUND);
                Matcher slot = SLOT.matcher(result.output());
                if (!result.ok() || !slot.find()) {
                    throw new AssertionError("softhsm2-util --init-token failed: " + result.output());
                }
                Path module = Files.copy(installedModule(), dir.resolve("libsofthsm2-copy.so"));
                String jvmConf = System.getenv("SOFTHSM2_CONF");
                if (jvmConf == null) {
                    throw new AssertionError("SOFTHSM2_CONF is not set for the test JVM (see the surefire"
                            + " configuration in the parent pom)");
                }
                Path shared = Path.of(jvmConf);
                Files.createDirectories(shared.getParent());
                SoftHsm hsm = new SoftHsm(dir, tokens, module, label, Long.parseLong(slot.group(1)));
                // test JVMs forked side by side share the file: a lock beside it keeps another JVM from
                // rewriting it before this module copy has read it
                try (FileChannel lock = FileChannel.open(
                        shared.resolveSibling(shared.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    lock.lock(); // released when the channel closes
                    Files.writeString(shared, text);
                    // initialise the copy now, while SOFTHSM2_CONF's file holds this token's configuration
                    java.security.Security.getProvider("SunPKCS11")
                            .configure("--name=init\nlibrary=\"" + module + "\"\nslot=" + hsm.slot + "\n");
                }
                return hsm;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path installedModule() {
        return MODULES.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("SoftHSM2 is not installed (no libsofthsm2.so in " + MODULES
                        + "); bin/test installs the softhsm2 package"));
    }

    /** The backend settings for this token with {@code sessions} signing sessions. */
    public Pkcs11Settings settings(int sessions) {
        return new Pkcs11Settings(module, label, sessions);
    }

    public Path module() {
        return module;
    }

    public String label() {
        return label;
    }

    public long slot() {
        return slot;
    }

    public Path dir() {
        return dir;
    }

    /** Moves the token directory away, as if the token were unplugged. */
    public void unplug() {
        move(tokens, dir.resolve("tokens-unplugged"));
    }

    /** Moves the token directory back. */
    public void plugBack() {
        move(dir.resolve("tokens-unplugged"), tokens);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
