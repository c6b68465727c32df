package dev.signet.server.objects.index;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A range of a composite object (a multipart object whose parts' contents were kept): the bytes of
 * each part overlapping the range, in order, each part's content opened only when the read reaches
 * it and closed when it is used up, so one backing read is open at a time. Every part's stream
 * yields exactly its share ({@link ContentStore#openPart}: content ending early is an IOException),
 * so the whole yields exactly the range.
 */
final class CompositeStream extends InputStream {
    /** A part of the object: its content, and where it lies in the object. */
    record Piece(String content, long offset, long size) {}

    private final ContentStore files;
    private final List<Piece> pieces;
    private final long end;
    private long position;
    private int next;
    private InputStream current;

    /**
     * The bytes {@code start} to {@code start + length} of the object made of {@code pieces}, which
     * cover that range, in order of offset.
     */
    CompositeStream(ContentStore files, List<Piece> pieces, long start, long length) {
        this.files = files;
        this.pieces = List.copyOf(pieces);
        this.position = start;
        this.end = start + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position < end) {
            if (current == null) {
                current = openNext();
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                position += n;
                return n;
            }
            current.close();
            current = null;
        }
        return -1;
    }

    /** Opens the part holding {@code position}, from there to the part's end or the range's. */
    private InputStream openNext() throws IOException {
        while (next < pieces.size()) {
            Piece piece = pieces.get(next++);
            long pieceEnd = piece.offset() + piece.size();
            if (pieceEnd > position && piece.offset() <= position) {
                long from = position - piece.offset();
                return files.openPart(piece.content(), from, Math.min(pieceEnd, end) - position);
            }
        }
        throw new IOException("the parts of a composite object do not cover byte " + position);
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            InputStream closing = current;
            current = null;
            closing.close();
        }
        position = end;
    }
}
