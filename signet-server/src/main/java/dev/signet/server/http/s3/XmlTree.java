package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.FactoryConfigurationError;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read from an S3 request body with StAX: element local names, their text and
 * children; namespaces, attributes, comments and processing instructions are ignored. DTDs and
 * external entities are refused, depth and element count are bounded, so a hostile body costs at
 * most its (bounded) size. A body the parser refuses ({@link XMLStreamException}) is S3's
 * MalformedXML; a parser that cannot be set up to refuse DTDs and external entities is the server's
 * fault, an {@link IllegalStateException} (InternalError), and parses nothing.
 */
record XmlTree(String name, String text, List<XmlTree> children) {
    private static final int MAX_DEPTH = 8;

    static XmlTree parse(byte[] body, int maxElements) throws ObjectStoreException {
        return parse(Factory.INSTANCE.get(), body, maxElements);
    }

    /** Parses with {@code factory}, which {@link #configured} made safe. */
    static XmlTree parse(XMLInputFactory factory, byte[] body, int maxElements) throws ObjectStoreException {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            Deque<Builder> open = new ArrayDeque<>();
            XmlTree root = null;
            int elements = 0;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root != null || open.size() >= MAX_DEPTH || ++elements > maxElements) {
                            throw malformed();
                        }
                        open.push(new Builder(reader.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.peek().text.append(reader.getText());
                        } else if (!reader.isWhiteSpace()) {
                            throw malformed();
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Builder done = open.pop();
                        XmlTree tree = new XmlTree(done.name, done.text.toString(), List.copyOf(done.children));
                        if (open.isEmpty()) {
                            root = tree;
                        } else {
                            open.peek().children.add(tree);
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw malformed();
                    default -> {}
                }
            }
            if (root == null) {
                throw malformed();
            }
            return root;
        } catch (XMLStreamException e) {
            throw malformed();
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    /** Children with this local name. */
    List<XmlTree> all(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The single child with this name; MalformedXML when there are several. */
    Optional<XmlTree> one(String childName) throws ObjectStoreException {
        List<XmlTree> found = all(childName);
        if (found.size() > 1) {
            throw malformed();
        }
        return found.stream().findFirst();
    }

    /** The text of the single child with this name. */
    Optional<String> text(String childName) throws ObjectStoreException {
        Optional<XmlTree> child = one(childName);
        return child.isPresent() ? Optional.of(child.get().text) : Optional.empty();
    }

    static ObjectStoreException malformed() {
        return new ObjectStoreException(
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema.");
    }

    /**
     * {@code factory} set to refuse DTDs and external entities and to coalesce text. A factory that
     * refuses one of these settings (another StAX implementation on the class path) is an {@link
     * IllegalStateException} naming the setting: bodies must not be parsed without them.
     */
    static XMLInputFactory configured(XMLInputFactory factory) {
        set(factory, XMLInputFactory.SUPPORT_DTD, false);
        set(factory, XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        set(factory, XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private static void set(XMLInputFactory factory, String property, boolean value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the XML parser " + factory.getClass().getName() + " cannot set " + property + " to " + value, e);
        }
    }

    /**
     * The configured factory, made on first use. A failure is kept and reported by every parse as an
     * {@link IllegalStateException}, rather than leaving the class unusable.
     */
    private enum Factory {
        INSTANCE;

        private final XMLInputFactory factory;
        private final IllegalStateException failure;

        Factory() {
            XMLInputFactory made = null;
            IllegalStateException failed = null;
            try {
                made = configured(XMLInputFactory.newFactory());
            } catch (FactoryConfigurationError e) {
                failed = new IllegalStateException("no XML parser can be created: " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                failed = e;
            }
            this.factory = made;
            this.failure = failed;
        }

        XMLInputFactory get() {
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return factory;
        }
    }

    private static final class Builder {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlTree> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }
    }
}
