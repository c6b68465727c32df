package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import dev.signet.core.testing.SoftHsm;
import dev.signet.core.testing.Tools;

/** OpenSC's {@code pkcs11-tool} over a test's SoftHSM2 token: what the token holds, seen from outside Signet. */
final class Pkcs11Tool {
    private Pkcs11Tool() {}

    /** How many private key objects the token holds. */
    static int privateKeys(SoftHsm hsm) {
        return (int) listPrivateKeys(hsm)
                .lines()
                .filter(l -> l.startsWith("Private Key Object"))
                .count();
    }

    /** How many of the token's private keys are sensitive and were never extractable. */
    static int neverExtractablePrivateKeys(SoftHsm hsm) {
        return (int) listPrivateKeys(hsm)
                .lines()
                .filter(l ->
                        l.trim().startsWith("Access:") && l.contains("sensitive, always sensitive, never extractable"))
                .count();
    }

    /**
     * How many of the token's private keys are sensitive and not extractable (imported keys too,
     * which are not "always sensitive" nor "never extractable" as keys born on the token are).
     */
    static int sensitiveNonExtractablePrivateKeys(SoftHsm hsm) {
        return (int) listPrivateKeys(hsm)
                .lines()
                .filter(l -> l.trim().startsWith("Access:")
                        && l.contains("sensitive")
                        && !l.replace("never extractable", "").contains("extractable"))
                .count();
    }

    private static String listPrivateKeys(SoftHsm hsm) {
        ProcessBuilder builder = new ProcessBuilder(
                "pkcs11-tool",
                "--module",
                hsm.module().toString(),
                "--token-label",
                hsm.label(),
                "--login",
                "--pin",
                SoftHsm.PIN,
                "--list-objects",
                "--type",
                "privkey");
        builder.environment()
                .put("SOFTHSM2_CONF", hsm.dir().resolve("softhsm2.conf").toString());
        Processes.Result result = Processes.run(builder, Tools.BOUND);
        assertThat(result.ok()).as(result.output()).isTrue();
        return result.output();
    }
}
