package org.cdnbilling.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** What the database says about its tables. */
public final class Tables {

    private Tables() {
    }

    /**
     * Whether the table exists, under the name as the database reports it: upper case (H2) or lower case
     * (PostgreSQL, unquoted names). A schema prefix ({@code schema.TABLE}) is ignored.
     */
    public static boolean exists(Connection connection, String table) throws SQLException {
        String name = table.substring(table.lastIndexOf('.') + 1);
        for (String candidate : new String[] {name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, candidate, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
