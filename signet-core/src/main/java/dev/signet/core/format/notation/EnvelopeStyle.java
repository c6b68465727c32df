package dev.signet.core.format.notation;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import java.util.Map;

/**
 * Which protected headers a new Notary envelope carries, chosen per profile by the signing parameter
 * {@value #PARAMETER} (docs/formats.md, notation-jws).
 *
 * <ul>
 *   <li>{@link #PLUGIN} (the default): as AWS Signer's envelopes, the AWS Signer Notation plugin
 *       named in the critical {@code io.cncf.notary.verificationPlugin} header, and the profile
 *       version and job ARNs critical. Notation with that plugin installed verifies them, trusted
 *       identity and revocation (GetRevocationStatus) included.
 *   <li>{@link #PORTABLE}: no critical header beyond the standard ones, the ARNs carried as
 *       non-critical (informational) headers, so verifiers that run no plugins (Kyverno, Ratify,
 *       Connaisseur, plain Notation) accept them; revocation is then the verifier's own.
 * </ul>
 */
public enum EnvelopeStyle {
    PLUGIN("plugin"),
    PORTABLE("portable");

    /** The signing parameter that picks the style. */
    public static final String PARAMETER = SignatureFormat.SIGNET_PARAMETER_PREFIX + "envelope";

    private final String value;

    EnvelopeStyle(String value) {
        this.value = value;
    }

    /** The parameter value naming this style. */
    public String value() {
        return value;
    }

    /**
     * The style a profile's signing parameters pick, {@link #PLUGIN} when they name none.
     *
     * @throws FormatException when {@value #PARAMETER} has another value, or another {@code signet:}
     *     key is present
     */
    public static EnvelopeStyle of(Map<String, String> parameters) throws FormatException {
        for (String key : parameters.keySet()) {
            if (key.startsWith(SignatureFormat.SIGNET_PARAMETER_PREFIX) && !key.equals(PARAMETER)) {
                throw new FormatException("signing parameter " + OciDescriptor.shorten(key) + " is not one that format "
                        + NotationJwsFormat.ID + " takes (it takes " + PARAMETER + ")");
            }
        }
        String chosen = parameters.get(PARAMETER);
        if (chosen == null) {
            return PLUGIN;
        }
        for (EnvelopeStyle style : values()) {
            if (style.value.equals(chosen)) {
                return style;
            }
        }
        throw new FormatException("signing parameter " + PARAMETER + " must be " + PLUGIN.value + " or "
                + PORTABLE.value + ", not " + OciDescriptor.shorten(chosen));
    }
}
