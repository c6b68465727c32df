package dev.signet.server.objects.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Content a committed change of the index no longer references, to delete after the commit (a
 * failed delete is left to the clean-up at the next start): object content, and the part content of
 * composite objects.
 */
record Released(List<String> objects, List<String> parts) {
    static final Released NOTHING = new Released(List.of(), List.of());

    Released {
        objects = List.copyOf(objects);
        parts = List.copyOf(parts);
    }

    Released and(Released other) {
        List<String> o = new ArrayList<>(objects);
        o.addAll(other.objects);
        List<String> p = new ArrayList<>(parts);
        p.addAll(other.parts);
        return new Released(o, p);
    }

    void deleteFrom(ContentStore files) {
        objects.forEach(files::deleteObject);
        parts.forEach(files::deletePart);
    }
}
