package dev.signet.server.http.verify;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;

/**
 * One platform of platforms.json as the matrix drives it: the artifact it signs (a function zip, a
 * PE, a JAR, firmware, a file, a digest or a Notary payload), how the real server signs it
 * (StartSigningJob for whole files, SignPayload for digests and payloads), what the gate is given,
 * and where one byte is changed so that integrity, not parsing, fails.
 */
final class MatrixPlatform {
    static final String NOTARY = "application/vnd.cncf.notary.payload.v1+json";
    static final String DIGEST = "application/vnd.signet.digest+sha256";
    private static final byte[] MARKER = "MATRIX-MARKER".getBytes(StandardCharsets.US_ASCII);

    /** How the platform's signatures are made and carried. */
    enum Kind {
        /** StartSigningJob; the signed object is the artifact with its signature inside. */
        EMBEDDED_JOB,
        /** StartSigningJob; the signed object is a detached signature of the artifact. */
        DETACHED_JOB,
        /** SignPayload over the artifact's SHA-256 digest; a detached CMS signature. */
        DIGEST_PAYLOAD,
        /** SignPayload over a Notary payload; a JWS envelope. */
        NOTARY_PAYLOAD
    }

    /** A signature under way: the job that makes it, and the sample once it is made. */
    record Signing(String jobId, Supplier<Sample> sample) {}

    final String id;
    final Kind kind;
    private final Path dir;

    MatrixPlatform(String id, Path dir) {
        this.id = id;
        this.dir = dir;
        this.kind = switch (id) {
            case "AWSLambda-SHA384-ECDSA",
                    "AmazonFreeRTOS-Default",
                    "AmazonFreeRTOS-TI-CC3220SF",
                    "Signet-Authenticode-SHA256-RSA",
                    "Signet-JAR-SHA256-ECDSA" -> Kind.EMBEDDED_JOB;
            case "AWSIoTDeviceManagement-SHA256-ECDSA", "Signet-OpenPGP-SHA256" -> Kind.DETACHED_JOB;
            case "Signet-CMS-SHA256-ECDSA", "Signet-CMS-SHA256-RSA" -> Kind.DIGEST_PAYLOAD;
            case "Notation-OCI-SHA384-ECDSA" -> Kind.NOTARY_PAYLOAD;
            default -> throw new IllegalArgumentException("the matrix does not know platform " + id);
        };
    }

    /** The IoT platforms sign only with an imported certificate (a customer's, made with openssl). */
    boolean needsImportedCertificate() {
        return id.startsWith("AmazonFreeRTOS") || id.startsWith("AWSIoT");
    }

    boolean rsaCertificate() {
        return id.equals("AmazonFreeRTOS-TI-CC3220SF");
    }

    /** Starts signing variant {@code variant} of the artifact; {@code tag} names the output file. */
    Signing sign(MatrixServer server, String profile, int variant, String tag) {
        switch (kind) {
            case EMBEDDED_JOB, DETACHED_JOB -> {
                Path artifact = artifact(variant);
                String jobId = server.startJob(profile, artifact);
                return new Signing(jobId, () -> {
                    byte[] signed = server.awaitSigned(jobId);
                    return kind == Kind.EMBEDDED_JOB
                            ? new Sample(new Subject.File(write(tag + ".signed", signed)), new byte[0])
                            : new Sample(new Subject.File(artifact), signed);
                });
            }
            case DIGEST_PAYLOAD -> {
                byte[] digest = digest(artifact(variant));
                SignPayloadResponse r = server.signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(DIGEST));
                Sample sample = new Sample(
                        new Subject.Digest(HashAlgorithm.SHA256, digest),
                        r.signature().asByteArray());
                return new Signing(r.jobId(), () -> sample);
            }
            default -> {
                byte[] payload = payload(variant);
                SignPayloadResponse r = server.signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(payload))
                        .payloadFormat(NOTARY));
                Sample sample = new Sample(
                        new Subject.Payload(NOTARY, payload), r.signature().asByteArray());
                return new Signing(r.jobId(), () -> sample);
            }
        }
    }

    /** The artifact as it was before signing, with no signature. */
    Sample unsigned() {
        return switch (kind) {
            case EMBEDDED_JOB, DETACHED_JOB -> new Sample(new Subject.File(artifact(0)), new byte[0]);
            case DIGEST_PAYLOAD ->
                new Sample(new Subject.Digest(HashAlgorithm.SHA256, digest(artifact(0))), new byte[0]);
            case NOTARY_PAYLOAD -> new Sample(new Subject.Payload(NOTARY, payload(0)), new byte[0]);
        };
    }

    /**
     * {@code signed} with one byte of what was signed changed (never a byte of the signature
     * itself): the signature must then fail as not intact, not as unparseable.
     */
    Sample oneByteChanged(Sample signed) {
        Subject subject = signed.subject();
        if (subject instanceof Subject.File file && kind == Kind.EMBEDDED_JOB) {
            return new Sample(
                    new Subject.File(write("one-byte-changed.signed", changeContentByte(read(file.path())))),
                    new byte[0]);
        }
        if (subject instanceof Subject.File file) {
            return new Sample(
                    new Subject.File(write("one-byte-changed", flip(read(file.path()), 1000))), signed.signature());
        }
        if (subject instanceof Subject.Digest) {
            byte[] changed = Digests.digest(HashAlgorithm.SHA256, flip(read(artifact(0)), 1000));
            return new Sample(new Subject.Digest(HashAlgorithm.SHA256, changed), signed.signature());
        }
        byte[] payload = ((Subject.Payload) subject).bytes();
        int at = indexOf(payload, "sha256:".getBytes(StandardCharsets.US_ASCII)) + 7 + 10;
        payload[at] = (byte) (payload[at] == '0' ? '1' : '0');
        return new Sample(new Subject.Payload(NOTARY, payload), signed.signature());
    }

    /** A byte of the signed file's content, chosen per format so the file still parses. */
    private byte[] changeContentByte(byte[] signed) {
        switch (id) {
            case "AWSLambda-SHA384-ECDSA", "Signet-JAR-SHA256-ECDSA" -> {
                // a letter of the marker in a stored (uncompressed) entry: still a zip, other content
                int at = indexOf(signed, MARKER) + 2;
                signed[at] ^= 0x20;
                return signed;
            }
            case "Signet-Authenticode-SHA256-RSA" -> {
                // inside the .text section (raw data at 0x200), which the Authenticode hash covers
                return flip(signed, 0x201);
            }
            default -> {
                // FreeRTOS JSON: one base64 character of the embedded firmware
                int key = indexOf(signed, "\"payload\"".getBytes(StandardCharsets.US_ASCII));
                int open = key + 9;
                while (signed[open] != '"') {
                    open++;
                }
                int at = open + 1 + 40;
                signed[at] = (byte) (signed[at] == 'A' ? 'B' : 'A');
                return signed;
            }
        }
    }

    /** The unsigned artifact; each variant has different content (so its signature is another). */
    Path artifact(int variant) {
        Path file = dir.resolve(id + "-v" + variant + extension());
        if (Files.exists(file)) {
            return file;
        }
        byte[] content = switch (id) {
            case "AWSLambda-SHA384-ECDSA" -> zip(variant, false);
            case "Signet-JAR-SHA256-ECDSA" -> zip(variant, true);
            case "Signet-Authenticode-SHA256-RSA" -> pe(variant);
            default -> random(40_000, variant);
        };
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String extension() {
        return switch (id) {
            case "AWSLambda-SHA384-ECDSA" -> ".zip";
            case "Signet-JAR-SHA256-ECDSA" -> ".jar";
            case "Signet-Authenticode-SHA256-RSA" -> ".exe";
            default -> ".bin";
        };
    }

    /** A Notary payload naming an image manifest whose digest depends on the variant. */
    byte[] payload(int variant) {
        String digest = HexFormat.of()
                .formatHex(Digests.digest(HashAlgorithm.SHA256, (id + variant).getBytes(StandardCharsets.UTF_8)));
        return ("{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"digest\":\"sha256:" + digest + "\",\"size\":1234}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] random(int size, int variant) {
        byte[] bytes = new byte[size];
        new Random(id.hashCode() * 31L + variant).nextBytes(bytes);
        return bytes;
    }

    /** A function zip (or a JAR) with a deflated source file and a stored entry holding the marker. */
    private byte[] zip(int variant, boolean jar) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (ZipOutputStream zip = jar ? new JarOutputStream(bytes, manifest) : new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(jar ? "dev/example/App.txt" : "index.js"));
                zip.write("exports.handler = async () => ({ statusCode: 200 });\n"
                        .repeat(20)
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                byte[] data = concat(
                        MARKER, ("-" + variant + "-").getBytes(StandardCharsets.US_ASCII), random(8_000, variant));
                ZipEntry stored = new ZipEntry("data.bin");
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                stored.setCrc(crc.getValue());
                zip.putNextEntry(stored);
                zip.write(data);
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test PE (a console program that returns); variants differ in a padding byte of .text. */
    private static byte[] pe(int variant) {
        try (InputStream in = MatrixPlatform.class.getResourceAsStream("/fixtures/hello.exe")) {
            byte[] pe = in.readAllBytes();
            pe[0x210] = (byte) variant;
            return pe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(String name, byte[] content) {
        try {
            String extension = name.endsWith(".signed") ? extension().replace(".bin", ".json") : extension();
            return Files.write(dir.resolve(id + "-" + name + extension), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] digest(Path file) {
        try {
            return Digests.digest(HashAlgorithm.SHA256, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 1;
        return copy;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.US_ASCII));
    }
}
