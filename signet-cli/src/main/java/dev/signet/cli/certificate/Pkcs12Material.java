package dev.signet.cli.certificate;

import dev.signet.cli.CliException;
import dev.signet.core.ca.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A PKCS#12 file ({@code .p12}, {@code .pfx}) as {@code signet certificate import --pkcs12} takes
 * it: exactly one private key entry, whose certificate chain gives the certificate and its issuers,
 * turned into the PEM members of {@code POST /v1/certificates}. Refuses, as a usage error before
 * anything is sent, a wrong password, a file that is not PKCS#12, and a file with no key entry or
 * more than one. Messages never quote key material.
 */
record Pkcs12Material(String certificatePem, String privateKeyPem, String issuersPem) {
    static Pkcs12Material read(byte[] file, char[] password, String source) {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(file), password);
        } catch (IOException e) {
            throw CliException.usage(source + " cannot be opened: not a PKCS#12 file, or the password is wrong");
        } catch (GeneralSecurityException e) {
            throw CliException.usage(source + " cannot be read: " + e.getClass().getSimpleName());
        }
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw CliException.usage(source + " holds " + keys.size() + " private keys; export exactly one"
                        + " (openssl pkcs12 -export -inkey KEY -in CERT -certfile CHAIN)");
            }
            PrivateKey key = (PrivateKey) store.getKey(keys.get(0), password);
            Certificate[] chain = store.getCertificateChain(keys.get(0));
            if (key == null || key.getEncoded() == null || chain == null || chain.length == 0) {
                throw CliException.usage(source + " holds a private key without its certificate");
            }
            StringBuilder issuers = new StringBuilder();
            for (int i = 1; i < chain.length; i++) {
                issuers.append(Pem.encode((X509Certificate) chain[i]));
            }
            byte[] der = key.getEncoded();
            try {
                return new Pkcs12Material(
                        Pem.encode((X509Certificate) chain[0]), Pem.encode("PRIVATE KEY", der), issuers.toString());
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw CliException.usage(source + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "Pkcs12Material[certificate]";
    }
}
