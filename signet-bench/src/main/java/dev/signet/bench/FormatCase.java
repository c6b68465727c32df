package dev.signet.bench;

import dev.signet.bench.load.LoadPlatform;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One signature format with the key type its platform uses and a small deterministic input, for
 * the format benchmarks. The format itself comes from {@link SignatureFormats} by id, so the
 * benchmark measures exactly the plug-in the server loads.
 */
public enum FormatCase {
    CMS_DETACHED("cms-detached", KeyAlgorithm.ECDSA_P256, "input.txt"),
    /** What SignPayload does for Signet-CMS-SHA256-ECDSA: a client digest, time-stamped by the built-in TSA. */
    CMS_PAYLOAD_TSA("cms-detached", KeyAlgorithm.ECDSA_P256, "input.txt"),
    JAR("jar", KeyAlgorithm.ECDSA_P256, "app.jar"),
    AUTHENTICODE("authenticode", KeyAlgorithm.RSA_3072, "hello.exe"),
    OPENPGP("openpgp", KeyAlgorithm.RSA_3072, "release.txt"),
    LAMBDA_ZIP("lambda-zip", KeyAlgorithm.ECDSA_P384, "function.zip"),
    NOTATION_JWS("notation-jws", KeyAlgorithm.ECDSA_P384, "payload.json"),
    /** What SignPayload does for Notation-OCI-SHA384-ECDSA: a Notary payload, time-stamped by the built-in TSA. */
    NOTATION_PAYLOAD_TSA("notation-jws", KeyAlgorithm.ECDSA_P384, "payload.json"),
    FREERTOS_JSON("freertos-json", KeyAlgorithm.ECDSA_P256, "firmware.bin"),
    IOT_JSON_DETACHED("iot-json-detached", KeyAlgorithm.ECDSA_P256, "firmware.bin"),
    TI_CC3220SF_JSON("ti-cc3220sf-json", KeyAlgorithm.RSA_2048, "firmware.bin"),
    /**
     * What SignPayload does for AWSIoTDeviceManagement-SHA256-ECDSA: Signet's payload stating a
     * firmware image's length and SHA-256, signed into the detached JSON document (no time-stamp).
     */
    IOT_PAYLOAD("iot-json-detached", KeyAlgorithm.ECDSA_P256, "firmware.bin");

    /** The Notary payload media type (a payload-signing format's subject). */
    private static final String NOTARY_PAYLOAD = "application/vnd.cncf.notary.payload.v1+json";

    private final String formatId;
    private final KeyAlgorithm keyAlgorithm;
    private final String inputName;

    FormatCase(String formatId, KeyAlgorithm keyAlgorithm, String inputName) {
        this.formatId = formatId;
        this.keyAlgorithm = keyAlgorithm;
        this.inputName = inputName;
    }

    public String formatId() {
        return formatId;
    }

    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The plug-in with this id, as {@link SignatureFormats} loads it. */
    public SignatureFormat format() {
        return SignatureFormats.all().stream()
                .filter(f -> f.id().equals(formatId))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no format " + formatId + " on the class path"));
    }

    /** Whether the server time-stamps this case's signatures with its built-in TSA. */
    public boolean timestamped() {
        return this == CMS_PAYLOAD_TSA || this == NOTATION_PAYLOAD_TSA;
    }

    /** Writes this case's small input into {@code dir} and returns the subject that signs it. */
    public Subject writeInput(Path dir) {
        Path file = dir.resolve(inputName);
        try {
            switch (this) {
                case JAR -> Files.write(file, smallJar());
                case AUTHENTICODE -> Files.write(file, resource("hello.exe"));
                case LAMBDA_ZIP -> Files.write(file, smallZip());
                case NOTATION_JWS, NOTATION_PAYLOAD_TSA -> {
                    byte[] payload =
                            ("{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                                            + "\"digest\":\"sha256:73c803930ea3ba1e54bc25c2bdc53edd0284c62ed651fe7b00369da519a3c333\","
                                            + "\"size\":16724}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    Files.write(file, payload);
                    return new Subject.Payload(NOTARY_PAYLOAD, payload);
                }
                case FREERTOS_JSON, IOT_JSON_DETACHED, TI_CC3220SF_JSON -> {
                    byte[] firmware = new byte[4096];
                    Arrays.fill(firmware, (byte) 0x5A);
                    Files.write(file, firmware);
                }
                case IOT_PAYLOAD -> {
                    byte[] firmware = new byte[LoadPlatform.IOT_FIRMWARE_BYTES];
                    Arrays.fill(firmware, (byte) 0x5A);
                    Files.write(file, firmware);
                    return new Subject.Payload(
                            LoadPlatform.IOT.payloadFormat(),
                            LoadPlatform.IOT.payload(Digests.digest(HashAlgorithm.SHA256, file)));
                }
                case CMS_PAYLOAD_TSA -> {
                    Files.writeString(file, "Signet benchmark input: hello, world\n");
                    return new Subject.Digest(HashAlgorithm.SHA256, Digests.digest(HashAlgorithm.SHA256, file));
                }
                default -> Files.writeString(file, "Signet benchmark input: hello, world\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Subject.File(file);
    }

    /** Metadata for a signature made now, valid for 30 days, outside any job. */
    public static SignatureMetadata metadata() {
        Instant now = Instant.now();
        return new SignatureMetadata(
                now, now.plus(Duration.ofDays(30)), BenchPki.PROFILE_VERSION_ARN, Optional.empty());
    }

    /** Signs {@code subject} into memory. */
    public byte[] sign(SignatureFormat format, Subject subject, SigningKey key) throws FormatException {
        return sign(format, subject, key, Optional.empty());
    }

    /** Signs {@code subject} into memory, time-stamped by {@code timestamper} when present. */
    public byte[] sign(SignatureFormat format, Subject subject, SigningKey key, Optional<Timestamper> timestamper)
            throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.sign(new SignRequest(subject, key, metadata(), timestamper), out);
        return out.toByteArray();
    }

    /** Signs {@code subject} into {@code out} (large artifacts: never in memory). */
    public SignatureEvidence sign(SignatureFormat format, Subject subject, SigningKey key, OutputStream out)
            throws FormatException {
        return format.sign(new SignRequest(subject, key, metadata()), out);
    }

    /** What verifying an output of this case reads: the signed artifact (embedded) or subject and signature. */
    public record Verification(SignatureFormat format, Subject subject, byte[] signature) {
        public SignatureEvidence verify() throws FormatException {
            return format.verify(subject, signature);
        }
    }

    /**
     * How {@code output}, signed over {@code subject}, is verified: an embedded signature in the signed
     * artifact (written to {@code dir}), a detached one beside its subject.
     */
    public Verification verification(SignatureFormat format, Subject subject, byte[] output, Path dir) {
        Path signed = dir.resolve("signed.out");
        try {
            Files.write(signed, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return format.detectEmbedded(signed)
                ? new Verification(format, new Subject.File(signed), new byte[0])
                : new Verification(format, subject, output);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FormatCase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] smallJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (int i = 0; i < 20; i++) {
                jar.putNextEntry(new ZipEntry("app/File" + i + ".txt"));
                jar.write(("entry " + i + "\n").repeat(20).getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] smallZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write("exports.handler = async () => ({ statusCode: 200 });\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
