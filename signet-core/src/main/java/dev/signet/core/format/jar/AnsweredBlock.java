package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.util.Optional;

/**
 * Checks a signature block made for a signature file alone (SignPayload's answer on the JAR
 * platform), before a client embeds it: the block must have the shape Signet writes ({@link
 * SignerBlock#readStamped}: one signer, its certificate carried, exactly the four signed attributes,
 * at most a time-stamp token unsigned), its messageDigest must be the SHA-256 of exactly that
 * signature file, its signature value must verify with the carried signer certificate's key, and a
 * time-stamp token, if any, must verify over that value. The evidence is the one {@link
 * JarVerification} reports for a jar carrying the block.
 */
final class AnsweredBlock {
    /** A block is a few certificates and a signature: far below this. */
    static final int MAX_BYTES = 1 << 20;

    private AnsweredBlock() {}

    /**
     * @return evidence that is intact only when every check passed, naming the first that failed
     * @throws FormatException when {@code block} is not a PKCS#7 SignedData at all
     */
    static SignatureEvidence check(byte[] block, byte[] signatureFile) throws FormatException {
        if (block.length == 0 || block.length > MAX_BYTES) {
            throw new FormatException("a JAR signature block is 1 to " + MAX_BYTES + " bytes, got " + block.length);
        }
        ParsedBlock parsed = ParsedBlock.parse(block);
        Optional<SignerBlock> strict = SignerBlock.readStamped(block);
        String problem = null;
        if (strict.isEmpty()) {
            problem = "the signature block is not of the shape Signet writes (one signer with its certificate,"
                    + " SHA-256, the signed attributes contentType, signingTime, messageDigest and"
                    + " CMSAlgorithmProtection, at most a time-stamp token)";
        } else if (!strict.get().digests(signatureFile)) {
            problem = "the signature block's messageDigest is not the SHA-256 of this jar's signature file";
        } else if (!strict.get().valueVerifies()) {
            problem = "the signature block's signature value does not verify with its signer certificate's key";
        }
        return JarVerification.evidence(parsed, problem);
    }
}
