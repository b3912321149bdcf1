package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cdnbilling.support.PagedLists.id;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cdnbilling.ledger.Charge;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillRows;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.PagedLists.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code GET /admin/accounts/{ownerId}/bills} a page at a time, through HTTP like an operator: bills written as
 * JDBC fixtures ({@link BillRows}: what is billed is {@link BillingOverHttpTest}'s subject, not this one's), read
 * with {@code limit} following the {@code Link} header: every bill of the period once, in the order written, each
 * with its own lines and ledger entry; bills outside the period on no page; a bill written while a caller pages is
 * on a later page; the default page of 100; each bad parameter a 400 naming it.
 */
@DemoApplicationTest
class BillsAdminOverHttpTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Ledger ledger;

    @Autowired
    PlatformTransactionManager transactions;

    HttpTestClient client;
    PagedLists bills;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
        bills = new PagedLists(client, "bills");
    }

    @Test
    void theBillsOfAPeriodAreReadAPageAtATimeInTheOrderWrittenFollowingTheLinkHeader() {
        long ownerId = createAccount();
        // written in this order: hours 0 to 5, a supplement of hour 1, and around them bills outside [FROM, TO)
        bill(ownerId, FROM.minus(Duration.ofHours(1)), 0);
        for (int hour = 0; hour < 3; hour++) {
            bill(ownerId, hour(hour), 0);
        }
        bill(ownerId, TO, 0);
        for (int hour = 3; hour < 6; hour++) {
            bill(ownerId, hour(hour), 0);
        }
        bill(ownerId, hour(1), 1);
        bill(ownerId, TO.plus(Duration.ofDays(3)), 0);
        // the ledger deducted hours 0, 2 and the supplement (a bill of 0.00 has no entry)
        charge(ownerId, hour(0), 0, "1.00");
        charge(ownerId, hour(2), 0, "2.00");
        charge(ownerId, hour(1), 1, "0.50");
        String list = "/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO;

        List<Page> pages = bills.pages(list + "&limit=3");

        assertThat(pages).extracting(page -> page.rows().size()).containsExactly(3, 3, 1);
        List<Map<String, Object>> read = pages.stream().flatMap(page -> page.rows().stream()).toList();
        assertThat(read).extracting(bill -> bill.get("periodStart") + "/" + bill.get("supplement")).containsExactly(
                hour(0) + "/0", hour(1) + "/0", hour(2) + "/0", hour(3) + "/0", hour(4) + "/0", hour(5) + "/0",
                hour(1) + "/1");
        assertThat(read).extracting(PagedLists::id).isSorted().doesNotHaveDuplicates();
        assertThat(pages.get(0).next()).isEqualTo("/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO
                + "&after=" + id(read.get(2)) + "&limit=3");
        assertThat(pages.get(1).next()).isEqualTo("/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO
                + "&after=" + id(read.get(5)) + "&limit=3");
        assertThat(pages.get(2).next()).as("no Link on the last page").isNull();
        // each bill with its own lines (quantities told apart by period and supplement) and its own ledger entry
        for (Map<String, Object> bill : read) {
            Instant start = Instant.parse((String) bill.get("periodStart"));
            int supplement = ((Number) bill.get("supplement")).intValue();
            assertThat(bill.get("lines")).as(start + "/" + supplement).asList().extracting(
                    line -> ((Map<?, ?>) line).get("region") + "=" + ((Map<?, ?>) line).get("quantity"))
                    .containsExactly("CN=" + quantity(start, supplement, 1), "EU=" + quantity(start, supplement, 2));
        }
        assertThat(read).extracting(bill -> bill.get("ledgerEntry") == null ? "none"
                : (Object) ((Map<?, ?>) bill.get("ledgerEntry")).get("amount")).containsExactly(
                        "-1.00", "none", "-2.00", "none", "none", "none", "-0.50");
        assertThat(((Map<?, ?>) read.get(6).get("ledgerEntry")).get("reference"))
                .isEqualTo("bill:hour_flow:" + hour(1) + ":1");

        // the same bills in one page; a page that ends with the last bill is the last page
        Page whole = bills.page(list + "&limit=7");
        assertThat(whole.rows()).isEqualTo(read);
        assertThat(whole.next()).isNull();
        // after alone: the bills after it, at the default limit
        Page rest = bills.page(list + "&after=" + id(read.get(4)));
        assertThat(rest.rows()).isEqualTo(read.subList(5, 7));
        assertThat(rest.next()).isNull();
        // after the last bill: an empty page, the answer's other fields as before
        Page none = bills.page(list + "&after=" + id(read.get(6)) + "&limit=3");
        assertThat(none.rows()).isEmpty();
        assertThat(none.next()).isNull();
        HttpTestClient.Reply answer = client.admin("GET", list + "&limit=3", null, "demo", "demo");
        assertThat(answer.json()).containsEntry("ownerId", (int) ownerId).containsEntry("from", FROM.toString())
                .containsEntry("to", TO.toString()).containsKey("bills");
    }

    @Test
    void aBillWrittenWhileACallerPagesIsOnALaterPage() {
        long ownerId = createAccount();
        for (int hour = 0; hour < 4; hour++) {
            bill(ownerId, hour(hour), 0);
        }
        String list = "/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO;
        Page first = bills.page(list + "&limit=2");
        assertThat(first.rows()).hasSize(2);

        // a supplement of an hour already read, and the next hour's bill
        bill(ownerId, hour(0), 1);
        bill(ownerId, hour(4), 0);
        List<Map<String, Object>> rest = bills.all(first.next());

        assertThat(rest).extracting(bill -> bill.get("periodStart") + "/" + bill.get("supplement"))
                .containsExactly(hour(2) + "/0", hour(3) + "/0", hour(0) + "/1", hour(4) + "/0");
    }

    @Test
    void aPageHoldsAHundredBillsUnlessToldOtherwise() {
        long ownerId = createAccount();
        IntStream.range(0, 101).forEach(hour -> bill(ownerId, FROM.plus(Duration.ofHours(hour)), 0));
        String list = "/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + FROM.plus(Duration.ofDays(366));

        Page first = bills.page(list);

        assertThat(first.rows()).hasSize(100);
        assertThat(first.next()).isEqualTo(list + "&after=" + id(first.rows().get(99)) + "&limit=100");
        Page last = bills.page(first.next());
        assertThat(last.rows()).singleElement()
                .satisfies(bill -> assertThat(bill).containsEntry("periodStart", FROM.plus(Duration.ofHours(100))
                        .toString()));
        assertThat(last.next()).isNull();
        assertThat(bills.page(list + "&limit=1000").rows()).hasSize(101);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            &limit=0                     | limit must be greater than or equal to 1
            &limit=-3                    | limit must be greater than or equal to 1
            &limit=1001                  | limit must be less than or equal to 1000
            &limit=99999999999           | limit must be less than or equal to 1000
            &limit=ten                   | limit must be an integer
            &limit=1.5                   | limit must be an integer
            &after=-1                    | after must be greater than or equal to 0
            &after=abc                   | after must be an integer
            &after=-1&limit=0            | after must be greater than or equal to 0; limit must be greater than or equal to 1
            """)
    void aBadPagingParameterIsAClear400NamingIt(String query, String detail) {
        long ownerId = createAccount();

        bills.assertRefused("/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO + query, detail);
    }

    @Test
    void anUnknownAccountIsNotFoundOnAnyPage() {
        long ownerId = Accounts.freshOwnerId();

        assertThat(client.admin("GET", "/admin/accounts/" + ownerId + "/bills?from=" + FROM + "&to=" + TO
                + "&after=5&limit=3", null, "demo", "demo").status()).isEqualTo(404);
    }

    // --- fixtures ---

    private static Instant hour(int hour) {
        return FROM.plus(Duration.ofHours(hour));
    }

    /** Bytes of a region's line that tell the bills apart: period, supplement and region in one number. */
    private static long quantity(Instant start, int supplement, int region) {
        return start.getEpochSecond() * 100 + supplement * 10L + region;
    }

    private void bill(long ownerId, Instant start, int supplement) {
        BillRows.insert(jdbc, ownerId, "hour_flow", start, supplement,
                Map.of("CN", quantity(start, supplement, 1), "EU", quantity(start, supplement, 2)));
    }

    /** The bill's deduction, as a billing run posts it. */
    private void charge(long ownerId, Instant start, int supplement, String amount) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> ledger.charge(List.of(new Charge(
                ownerId, new BigDecimal(amount), "bill:hour_flow:" + start + ":" + supplement))));
    }

    private long createAccount() {
        long ownerId = Accounts.freshOwnerId();
        HttpTestClient.Reply created = client.admin("PUT", "/admin/accounts/" + ownerId,
                Accounts.eligibleAccountJson(), "demo", "demo");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return ownerId;
    }
}
