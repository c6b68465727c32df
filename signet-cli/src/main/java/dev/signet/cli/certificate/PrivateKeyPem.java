package dev.signet.cli.certificate;

import dev.signet.cli.CliException;
import dev.signet.core.ca.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A private key file as {@code signet certificate import --key} takes it, turned into the unencrypted
 * PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) that {@code POST /v1/certificates} accepts. Reads what
 * openssl writes: PKCS#8 ({@code openssl genpkey}), SEC1 {@code BEGIN EC PRIVATE KEY} (openssl's
 * default for {@code ecparam -genkey} and {@code ec}, with or without a leading {@code EC PARAMETERS}
 * block) and PKCS#1 {@code BEGIN RSA PRIVATE KEY} ({@code openssl genrsa -traditional}). Refuses,
 * with a message saying how to convert, an encrypted key (PKCS#8 {@code ENCRYPTED PRIVATE KEY} or
 * a legacy {@code Proc-Type: 4,ENCRYPTED} block: there is no passphrase prompt) and anything that is
 * not a private key. Parsing happens here, so a bad file is a usage error before anything is sent.
 */
final class PrivateKeyPem {
    private PrivateKeyPem() {}

    /**
     * @param pem the file's text
     * @param source how to name the file in messages
     * @return the key as PKCS#8 PEM
     * @throws CliException (usage) when the file holds no unencrypted private key
     */
    static String toPkcs8(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters) {
                    continue; // the EC PARAMETERS block `openssl ecparam -genkey` writes before the key
                }
                PrivateKeyInfo info = privateKeyInfo(o, source);
                byte[] der = info.getEncoded();
                try {
                    return Pem.encode("PRIVATE KEY", der);
                } finally {
                    Arrays.fill(der, (byte) 0);
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // BouncyCastle's signals of a malformed PEM or ASN.1 structure (see Asn1Decoding); anything
            // else is a bug and escapes. Never the parser's message: it could quote key material
            throw CliException.usage(source + " is not a readable PEM private key (malformed PEM or key structure);"
                    + " expected BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY");
        }
        throw CliException.usage(source + " holds no private key; expected BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or"
                + " BEGIN RSA PRIVATE KEY");
    }

    private static PrivateKeyInfo privateKeyInfo(Object o, String source) {
        if (o instanceof PrivateKeyInfo info) {
            return info;
        }
        if (o instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            throw CliException.usage(source + " is encrypted, which is not supported: decrypt it first, e.g."
                    + " openssl pkey -in KEY.pem -out KEY-plain.pem (and delete the copy after the import)");
        }
        throw CliException.usage(source + " holds no private key but " + kind(o)
                + "; expected BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY");
    }

    private static String kind(Object o) {
        String name = o.getClass().getSimpleName();
        return name.contains("Certificate") ? "a certificate" : name.contains("PublicKey") ? "a public key" : name;
    }
}
