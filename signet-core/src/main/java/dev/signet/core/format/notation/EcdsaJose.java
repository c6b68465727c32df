package dev.signet.core.format.notation;

import dev.signet.core.crypto.Jose;
import dev.signet.core.format.FormatException;

/** {@link Jose}'s ECDSA conversions with this format's exception. */
final class EcdsaJose {
    private EcdsaJose() {}

    static byte[] derToJose(byte[] der, int fieldBytes) throws FormatException {
        try {
            return Jose.ecdsaDerToJose(der, fieldBytes);
        } catch (IllegalArgumentException e) {
            throw new FormatException("the key backend returned a malformed ECDSA signature: " + e.getMessage());
        }
    }

    /** The DER form of a JOSE signature, or empty when it has the wrong length for the curve. */
    static byte[] joseToDer(byte[] jose, int fieldBytes) {
        return Jose.ecdsaJoseToDer(jose, fieldBytes);
    }
}
