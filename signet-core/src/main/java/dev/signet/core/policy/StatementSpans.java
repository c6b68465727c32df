package dev.signet.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds each statement's {@link StatementSpan} in a document {@link PolicyParser} has already
 * accepted: the objects of the top-level Statement array (or the Statement object itself). A
 * second, streaming pass, since the tree the parser reads keeps no positions; it runs once per
 * document, when the policy is compiled.
 */
final class StatementSpans {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StatementSpans() {}

    /** One span per statement, in order; empty if the document's shape surprises (it never should). */
    static List<StatementSpan> of(String document) {
        List<StatementSpan> spans = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return List.of();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("Statement")) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_OBJECT) {
                    spans.add(span(parser));
                } else if (value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        spans.add(span(parser));
                    }
                }
                return spans;
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.of();
    }

    /** The span of the object whose START_OBJECT the parser is on; leaves it on its END_OBJECT. */
    private static StatementSpan span(JsonParser parser) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        JsonLocation end = parser.currentTokenLocation();
        return new StatementSpan(start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr());
    }
}
