package org.cdnbilling.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An amount of money sent as a JSON string ({@code "10.00"}, exact whatever the client's floating point) or as
 * a JSON number; the application refuses strings for numbers elsewhere ({@code allow-coercion-of-scalars}).
 */
class AmountDeserializer extends JsonDeserializer<BigDecimal> {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        if (token == JsonToken.VALUE_STRING && DECIMAL.matcher(parser.getText()).matches()) {
            return new BigDecimal(parser.getText());
        }
        throw new IllegalArgumentException("must be an amount such as \"10.00\"");
    }
}
