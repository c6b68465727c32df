package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read from an S3 request body with StAX: element local names, their text and
 * children; namespaces, attributes, comments and processing instructions are ignored. DTDs and
 * external entities are refused, depth and element count are bounded, so a hostile body costs at
 * most its (bounded) size. Any failure is S3's MalformedXML.
 */
record XmlTree(String name, String text, List<XmlTree> children) {
    private static final int MAX_DEPTH = 8;
    private static final XMLInputFactory FACTORY = factory();

    static XmlTree parse(byte[] body, int maxElements) throws ObjectStoreException {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
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
        } catch (XMLStreamException | RuntimeException e) {
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

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
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
