package org.cdnbilling.rating.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cdnbilling.rating.InvalidPriceBookException;
import org.cdnbilling.rating.PriceBookChange;
import org.cdnbilling.rating.Region;

/**
 * {@code POST /admin/price-books}: a new version from {@code effectiveFrom}; {@code traffic} and {@code bandwidth}
 * name the regions whose four prices change (strings such as {@code "0.05"}, exact, or numbers), the tier lists
 * replace the latest version's when sent.
 */
record PriceBookRequest(String effectiveFrom, JsonNode traffic, JsonNode bandwidth, List<Long> trafficTierStarts,
        List<Long> bandwidthTierLimitsMbps) {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    PriceBookChange change() {
        return new PriceBookChange(instant(), prices("traffic", traffic), prices("bandwidth", bandwidth),
                trafficTierStarts, bandwidthTierLimitsMbps);
    }

    private Instant instant() {
        if (effectiveFrom == null || effectiveFrom.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(effectiveFrom);
        } catch (DateTimeParseException e) {
            throw new InvalidPriceBookException("effectiveFrom must be an ISO 8601 instant on a UTC hour such as "
                    + "2026-12-08T05:00:00Z, not '" + effectiveFrom + "'");
        }
    }

    private static Map<Region, List<BigDecimal>> prices(String field, JsonNode regions) {
        Map<Region, List<BigDecimal>> prices = new EnumMap<>(Region.class);
        if (regions == null || regions.isNull()) {
            return prices;
        }
        if (!regions.isObject()) {
            throw new InvalidPriceBookException(field + " must be an object of regions, each with four prices");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = regions.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = field + "." + entry.getKey();
            Region region = Region.fromWire(entry.getKey()).orElseThrow(() -> new InvalidPriceBookException(
                    name + " is not a region: one of " + List.of(Region.values())));
            if (!entry.getValue().isArray()) {
                throw new InvalidPriceBookException(name + " must be a list of four prices");
            }
            List<BigDecimal> list = new ArrayList<>();
            for (JsonNode price : entry.getValue()) {
                if (price.isNumber() && !(price.isFloatingPointNumber() && !Double.isFinite(price.doubleValue()))) {
                    list.add(price.decimalValue());
                } else if (price.isTextual() && DECIMAL.matcher(price.textValue()).matches()) {
                    list.add(new BigDecimal(price.textValue()));
                } else {
                    throw new InvalidPriceBookException(name + " must be prices such as \"0.04\", not " + price);
                }
            }
            prices.put(region, list);
        }
        return prices;
    }
}
