package org.cdnbilling.overdue;

import java.math.BigDecimal;
import java.util.List;
import org.cdnbilling.ledger.Charge;
import org.cdnbilling.ledger.Ledger;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bills deducted as a billing run deducts them (Ledger.charge in a transaction), for the overdue tests and the
 * migration tests of overdue accounts ({@code org.cdnbilling.migration.OverdueMigrationTest}).
 */
public final class TestBills {

    private TestBills() {
    }

    public static void bill(PlatformTransactionManager transactions, Ledger ledger, long ownerId, String amount) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> ledger.charge(List.of(
                new Charge(ownerId, new BigDecimal(amount), "bill:test:" + System.nanoTime()))));
    }
}
