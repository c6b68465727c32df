package dev.signet.core.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;

/**
 * Reads one DER object into the tree BouncyCastle's eager {@code new ASN1InputStream(der).readObject()}
 * builds, faster: an eager read reaches every byte through a chain of nested streams as deep as the
 * structure, which made parsing a CMS signature cost more than checking it. Here BouncyCastle's lazy
 * sequences are read from their own bytes and then every one of them is decoded (so whatever an
 * eager read refuses is refused here too), except X.509 certificates whose exact encoding an earlier
 * read already decoded and found to re-encode to the same bytes ({@link #MAX_KNOWN} of at most {@link
 * #MAX_KNOWN_BYTES} bytes are remembered; the set starts over when full): the signer, CA and
 * time-stamping certificates every signature carries are decoded once, and their encodings are the
 * bytes carried, as an eager tree would re-encode them.
 *
 * <p>This reader vouches only for what it has checked: {@link #read} is empty for anything it did not
 * decode completely (trailing bytes, nesting deeper than {@link #MAX_DEPTH}, any decoding error), and
 * the caller then reads the input the usual way, which gives the usual refusal. Thread-safe.
 */
public final class LazyAsn1 {
    static final int MAX_DEPTH = 40;
    static final int MAX_KNOWN = 1024;
    static final int MAX_KNOWN_BYTES = 8 * 1024;
    /**
     * Remembered certificates are at most this deep inside, and skipped only where an eager read
     * would still have room for that ({@link #MAX_DEPTH} is below BouncyCastle's own limit of 64).
     */
    static final int KNOWN_HEIGHT = 16;

    private static final String LAZY_SEQUENCE = "org.bouncycastle.asn1.LazyEncodedSequence";
    private static final Set<ByteBuffer> KNOWN = ConcurrentHashMap.newKeySet();

    private LazyAsn1() {}

    /**
     * The one object {@code der} holds, with nothing after it, decoded completely; empty when it is
     * not that (or this reader cannot tell), for the caller to read it the usual way.
     */
    public static Optional<ASN1Primitive> read(byte[] der) {
        try (ASN1InputStream in = new ASN1InputStream(der, true)) {
            ASN1Primitive primitive = in.readObject();
            if (primitive == null || in.readObject() != null) {
                return Optional.empty();
            }
            return decodeAll(primitive, 0, false) >= 0 ? Optional.of(primitive) : Optional.empty();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // whatever the eager read says about it is the caller's to report
            return Optional.empty();
        }
    }

    /**
     * Decodes every lazy sequence under {@code primitive} and returns the height of the structure
     * (levels of construction below it), or -1 when it reaches deeper than {@link #MAX_DEPTH}.
     * {@code certificateSlot}: {@code primitive} is an element of a context-specific [0], where CMS
     * carries its certificates.
     */
    private static int decodeAll(ASN1Primitive primitive, int depth, boolean certificateSlot) throws IOException {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        if (primitive instanceof ASN1Sequence sequence) {
            byte[] carried = null;
            if (certificateSlot && sequence.getClass().getName().equals(LAZY_SEQUENCE)) {
                // not yet decoded: its encoding is the bytes it was read from, a cheap copy
                carried = sequence.getEncoded();
                if (!startsWithSequence(carried)) {
                    // not a certificate (whose TBSCertificate comes first): a SignedData, a TSTInfo
                    carried = null;
                } else if (depth + KNOWN_HEIGHT <= MAX_DEPTH
                        && carried.length <= MAX_KNOWN_BYTES
                        && KNOWN.contains(ByteBuffer.wrap(carried))) {
                    return KNOWN_HEIGHT;
                }
            }
            int height = decodeElements(sequence, depth, false);
            if (height >= 0 && height <= KNOWN_HEIGHT && carried != null && isCertificateShaped(sequence)) {
                remember(carried, sequence.getEncoded());
            }
            return height;
        }
        if (primitive instanceof ASN1Set set) {
            return decodeElements(set, depth, false);
        }
        if (primitive instanceof ASN1TaggedObject tagged) {
            ASN1Primitive base = tagged.getBaseObject().toASN1Primitive();
            boolean slot = tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC && tagged.getTagNo() == 0;
            if (slot
                    && base instanceof ASN1Sequence several
                    && !several.getClass().getName().equals(LAZY_SEQUENCE)) {
                // a [0] holding several elements: BouncyCastle gathers them into a sequence of its own
                int height = decodeElements(several, depth + 1, true);
                return height < 0 ? -1 : height + 1;
            }
            int height = decodeAll(base, depth + 1, slot);
            return height < 0 ? -1 : height + 1;
        }
        return 0;
    }

    private static int decodeElements(Iterable<ASN1Encodable> elements, int depth, boolean certificateSlots)
            throws IOException {
        int height = 0;
        for (ASN1Encodable element : elements) {
            int below = decodeAll(element.toASN1Primitive(), depth + 1, certificateSlots);
            if (below < 0) {
                return -1;
            }
            height = Math.max(height, below + 1);
        }
        return height;
    }

    /** Whether the DER sequence {@code der}'s first element is itself a SEQUENCE. */
    private static boolean startsWithSequence(byte[] der) {
        int header = (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7f);
        return der.length > header && der[header] == 0x30;
    }

    private static boolean isCertificateShaped(ASN1Sequence sequence) {
        return sequence.size() == 3
                && sequence.getObjectAt(0) instanceof ASN1Sequence
                && sequence.getObjectAt(2) instanceof ASN1BitString;
    }

    /** Remembers {@code carried} when decoding it and encoding it again gave the same bytes. */
    private static void remember(byte[] carried, byte[] reencoded) {
        if (!java.util.Arrays.equals(carried, reencoded)) {
            return;
        }
        if (KNOWN.size() >= MAX_KNOWN) {
            KNOWN.clear();
        }
        KNOWN.add(ByteBuffer.wrap(carried));
    }
}
