package org.cdnbilling.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/** The explicit mappings of renamed activities, as the preview's {@code map} parameter sends them. */
public final class ActivityMappings {

    private ActivityMappings() {
    }

    /**
     * {@code Old:New[,Old2:New2]} as a map from old to new activity id; {@code null} or blank is none.
     *
     * @throws InvalidMigrationRequestException if a pair is not two ids separated by one colon, or an old id repeats
     */
    public static Map<String, String> parse(String map) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (map == null || map.isBlank()) {
            return mappings;
        }
        for (String pair : map.split(",", -1)) {
            String[] ids = pair.split(":", -1);
            if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank()) {
                throw new InvalidMigrationRequestException("map must be Old:New pairs separated by commas, not \""
                        + map + "\"");
            }
            if (mappings.put(ids[0].strip(), ids[1].strip()) != null) {
                throw new InvalidMigrationRequestException("map names activity " + ids[0].strip() + " twice");
            }
        }
        return mappings;
    }
}
