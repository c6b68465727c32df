package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectStoreException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.EventFilter;
import javax.xml.stream.StreamFilter;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLReporter;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.XMLEventAllocator;
import javax.xml.transform.Source;
import org.junit.jupiter.api.Test;

/**
 * What XmlTree blames on the client (MalformedXML) and what on the server: a parser that cannot be
 * made safe, or that fails for reasons of its own, is not the client's malformed XML.
 */
class XmlTreeTest {
    private static final byte[] GOOD = "<Delete><Quiet>true</Quiet></Delete>".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyTheParserRefusesIsMalformedXml() throws Exception {
        assertThatThrownBy(() -> XmlTree.parse("<Delete><Quiet>".getBytes(StandardCharsets.UTF_8), 10))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
        assertThat(XmlTree.parse(GOOD, 10)).isNotNull();
    }

    @Test
    void aParserThatCannotRefuseDtdsIsTheServersFault() {
        assertThatThrownBy(() -> XmlTree.configured(new BrokenFactory()))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(ObjectStoreException.class)
                .hasMessageContaining(XMLInputFactory.SUPPORT_DTD)
                .hasMessageContaining(BrokenFactory.class.getName());
    }

    @Test
    void aParserFailingForItsOwnReasonsIsNotMalformedXml() {
        assertThatThrownBy(() -> XmlTree.parse(new BrokenFactory(), GOOD, 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the parser is not set up");
    }

    /** A StAX factory that supports nothing: setProperty refuses, readers cannot be made. */
    private static final class BrokenFactory extends XMLInputFactory {
        private static IllegalStateException broken() {
            return new IllegalStateException("the parser is not set up");
        }

        @Override
        public XMLStreamReader createXMLStreamReader(Reader reader) {
            throw broken();
        }

        @Override
        public XMLStreamReader createXMLStreamReader(Source source) {
            throw broken();
        }

        @Override
        public XMLStreamReader createXMLStreamReader(InputStream stream) {
            throw broken();
        }

        @Override
        public XMLStreamReader createXMLStreamReader(InputStream stream, String encoding) {
            throw broken();
        }

        @Override
        public XMLStreamReader createXMLStreamReader(String systemId, InputStream stream) {
            throw broken();
        }

        @Override
        public XMLStreamReader createXMLStreamReader(String systemId, Reader reader) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(Reader reader) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(String systemId, Reader reader) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(XMLStreamReader reader) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(Source source) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(InputStream stream) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(InputStream stream, String encoding) {
            throw broken();
        }

        @Override
        public XMLEventReader createXMLEventReader(String systemId, InputStream stream) {
            throw broken();
        }

        @Override
        public XMLStreamReader createFilteredReader(XMLStreamReader reader, StreamFilter filter) {
            throw broken();
        }

        @Override
        public XMLEventReader createFilteredReader(XMLEventReader reader, EventFilter filter) {
            throw broken();
        }

        @Override
        public XMLResolver getXMLResolver() {
            return null;
        }

        @Override
        public void setXMLResolver(XMLResolver resolver) {}

        @Override
        public XMLReporter getXMLReporter() {
            return null;
        }

        @Override
        public void setXMLReporter(XMLReporter reporter) {}

        @Override
        public void setProperty(String name, Object value) {
            throw new IllegalArgumentException("property not supported: " + name);
        }

        @Override
        public Object getProperty(String name) {
            throw new IllegalArgumentException("property not supported: " + name);
        }

        @Override
        public boolean isPropertySupported(String name) {
            return false;
        }

        @Override
        public void setEventAllocator(XMLEventAllocator allocator) {}

        @Override
        public XMLEventAllocator getEventAllocator() {
            return null;
        }
    }
}
