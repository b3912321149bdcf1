package org.cdnbilling.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cdnbilling.support.PagedLists.id;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.Operators;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.PagedLists.Page;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The balance as a ledger, through HTTP like an operator: top-ups credited once per reference (also when the
 * same request comes twenty times at once), conflicts that change nothing, the opening balance of a new
 * account, a refused balance change, the ledger read a page at a time following the {@code Link} header, and
 * after each test the invariant: the account's balance equals the sum of its entries and the latest entry's
 * balanceAfter, each balanceAfter the running sum up to its entry.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class LedgerOverHttpTest {

    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Autowired
    Ledger ledger;

    @Autowired
    PlatformTransactionManager transactions;

    HttpTestClient client;
    PagedLists lists;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
        lists = new PagedLists(client, null);
    }

    @Test
    void aNewAccountsBalanceIsItsOpeningEntry() {
        long ownerId = createAccount("42.50");

        List<Map<String, Object>> entries = ledger(ownerId);

        assertThat(entries).hasSize(1);
        Map<String, Object> opening = entries.get(0);
        assertThat(opening).containsOnlyKeys("id", "kind", "amount", "balanceAfter", "reference", "createdAt")
                .containsEntry("kind", "OPENING_BALANCE").containsEntry("reference", "opening-balance");
        assertThat(money(opening.get("amount"))).isEqualTo("42.50");
        assertThat(money(opening.get("balanceAfter"))).isEqualTo("42.50");
        assertThat(Instant.parse((String) opening.get("createdAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(balance(ownerId)).isEqualTo("42.50");
        assertInvariant(ownerId);
    }

    @Test
    void aTopUpIsCreditedOnceAndTheSameRequestAgainAnswersTheSameEntry() {
        long ownerId = createAccount("100.00");

        HttpTestClient.Reply first = topUp(ownerId, "\"10.00\"", "pay-42");

        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        Map<String, Object> entry = exact(first.raw().body());
        assertThat(entry).containsEntry("kind", "TOP_UP").containsEntry("reference", "pay-42");
        assertThat(money(entry.get("amount"))).isEqualTo("10.00");
        assertThat(money(entry.get("balanceAfter"))).isEqualTo("110.00");

        HttpTestClient.Reply again = topUp(ownerId, "\"10.00\"", "pay-42");
        assertThat(again.status()).isEqualTo(200);
        assertThat(exact(again.raw().body())).isEqualTo(entry);
        // the same amount written otherwise is the same request
        assertThat(topUp(ownerId, "10", "pay-42").status()).isEqualTo(200);

        assertThat(ledger(ownerId)).hasSize(2).last().isEqualTo(entry);
        assertThat(balance(ownerId)).isEqualTo("110.00");
        assertInvariant(ownerId);
    }

    @Test
    void theSameReferenceWithAnotherAmountIsAConflictThatChangesNothing() {
        long ownerId = createAccount("100.00");
        Map<String, Object> entry = exact(topUp(ownerId, "\"10.00\"", "pay-7").raw().body());
        List<Map<String, Object>> before = ledger(ownerId);

        HttpTestClient.Reply conflict = topUp(ownerId, "\"10.01\"", "pay-7");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
        Map<String, Object> problem = exact(conflict.raw().body());
        assertThat((String) problem.get("detail")).contains("pay-7").contains("ledger entry " + entry.get("id"))
                .contains("10.00").doesNotContain("Exception");
        assertThat(problem.get("entry")).isEqualTo(entry);
        // the opening balance's reference is taken too
        assertThat(topUp(ownerId, "\"5.00\"", "opening-balance").status()).isEqualTo(409);

        assertThat(ledger(ownerId)).isEqualTo(before);
        assertThat(balance(ownerId)).isEqualTo("110.00");
        assertInvariant(ownerId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"amount":"0.00","reference":"pay-1"}                         | amount must be greater than 0
            {"amount":-5.00,"reference":"pay-1"}                          | amount must be greater than 0
            {"amount":"1.234","reference":"pay-1"}                        | amount numeric value out of bounds
            {"amount":"lots","reference":"pay-1"}                         | amount: must be an amount such as "10.00"
            {"amount":true,"reference":"pay-1"}                           | amount: must be an amount such as "10.00"
            {"reference":"pay-1"}                                         | amount must not be null
            {"amount":"1.00"}                                             | reference must not be null
            {"amount":"1.00","reference":""}                              | reference size must be between 1 and 128
            {"amount":"1.00","reference":" pay-1"}                        | reference must be printable ASCII
            {"amount":"1.00","reference":"pay\\t1"}                        | reference must be printable ASCII
            {"amount":"1.00","reference":"zahlung-€"}                     | reference must be printable ASCII
            {"amount":"1.00","reference":"bill:hour_flow:2026-12-01T05:00:00Z:0"} | reference must not start with bill:
            {"amount":"1.00","reference":"pay-1","note":"thanks"}         | note has a value of the wrong type or an unknown field
            not json                                                      | The body must be a JSON object
            []                                                            | The body must be a JSON object
            """)
    void aBadTopUpIsAClear400AndCreditsNothing(String body, String detail) {
        long ownerId = createAccount("100.00");

        HttpTestClient.Reply reply = client.admin("POST", "/admin/accounts/" + ownerId + "/top-ups", body,
                "demo", "demo");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat((String) reply.field("detail")).contains(detail).doesNotContain("org.cdnbilling")
                .doesNotContain("Exception");
        assertThat(ledger(ownerId)).hasSize(1);
        assertInvariant(ownerId);
    }

    @Test
    void aReferenceIsAtMost128PrintableCharacters() {
        long ownerId = createAccount("100.00");

        assertThat(topUp(ownerId, "\"1.00\"", "r".repeat(129)).status()).isEqualTo(400);
        assertThat(topUp(ownerId, "\"1.00\"", "r".repeat(128)).status()).isEqualTo(201);
        assertThat(topUp(ownerId, "\"1.00\"", "bank transfer #42 / 2026-12-01").status()).isEqualTo(201);

        assertThat(balance(ownerId)).isEqualTo("102.00");
        assertInvariant(ownerId);
    }

    @Test
    void theLedgerIsReadAPageAtATimeFollowingTheLinkHeaderToTheLastPage() {
        long ownerId = createAccount("100.00");
        for (int i = 1; i <= 6; i++) {
            assertThat(topUp(ownerId, "\"" + i + ".00\"", "pay-" + i).status()).isEqualTo(201);
        }
        Page whole = page("/admin/accounts/" + ownerId + "/ledger?limit=10000");
        assertThat(whole.rows()).hasSize(7);
        assertThat(whole.next()).isNull();

        List<Page> pages = pages("/admin/accounts/" + ownerId + "/ledger?limit=3");

        assertThat(pages).extracting(page -> page.rows().size()).containsExactly(3, 3, 1);
        assertThat(pages.get(0).next()).isEqualTo("/admin/accounts/" + ownerId + "/ledger?after="
                + id(whole.rows().get(2)) + "&limit=3");
        assertThat(pages.get(1).next()).isEqualTo("/admin/accounts/" + ownerId + "/ledger?after="
                + id(whole.rows().get(5)) + "&limit=3");
        assertThat(pages.get(2).next()).as("no Link on the last page").isNull();
        // every entry once, oldest first, as the whole ledger in one page has them
        assertThat(pages.stream().flatMap(page -> page.rows().stream()).toList()).isEqualTo(whole.rows());

        // a page that ends with the last entry is the last page
        Page exact = page("/admin/accounts/" + ownerId + "/ledger?limit=7");
        assertThat(exact.rows()).isEqualTo(whole.rows());
        assertThat(exact.next()).isNull();
        // after alone: the entries after it, at the default limit
        Page rest = page("/admin/accounts/" + ownerId + "/ledger?after=" + id(whole.rows().get(4)));
        assertThat(rest.rows()).isEqualTo(whole.rows().subList(5, 7));
        assertThat(rest.next()).isNull();
        // after the last entry: an empty page
        Page none = page("/admin/accounts/" + ownerId + "/ledger?after=" + id(whole.rows().get(6)) + "&limit=3");
        assertThat(none.rows()).isEmpty();
        assertThat(none.next()).isNull();
        assertInvariant(ownerId);
    }

    @Test
    void aPageHoldsAThousandEntriesUnlessToldOtherwise() {
        long ownerId = createAccount("1000.00");
        // an hourly-billed account's 1,000 hours (41 days) of bills, deducted as a billing run deducts them
        Instant firstHour = Instant.parse("2026-10-01T00:00:00Z");
        List<Charge> bills = IntStream.range(0, 1000).mapToObj(hour -> new Charge(ownerId, new BigDecimal("0.01"),
                "bill:hour_flow:" + firstHour.plus(Duration.ofHours(hour)) + ":0")).toList();
        new TransactionTemplate(transactions).executeWithoutResult(status -> ledger.charge(bills));

        Page first = page("/admin/accounts/" + ownerId + "/ledger");

        assertThat(first.rows()).hasSize(1000);
        assertThat(first.rows().get(0)).containsEntry("kind", "OPENING_BALANCE");
        assertThat(first.next()).isEqualTo("/admin/accounts/" + ownerId + "/ledger?after="
                + id(first.rows().get(999)) + "&limit=1000");
        Page last = page(first.next());
        assertThat(last.rows()).hasSize(1).first().satisfies(entry -> {
            assertThat(entry).containsEntry("kind", "BILL")
                    .containsEntry("reference", "bill:hour_flow:" + firstHour.plus(Duration.ofHours(999)) + ":0");
            assertThat(money(entry.get("balanceAfter"))).isEqualTo("990.00");
        });
        assertThat(last.next()).isNull();
        assertThat(balance(ownerId)).isEqualTo("990.00");
        assertInvariant(ownerId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?limit=0                     | limit must be greater than or equal to 1
            ?limit=-3                    | limit must be greater than or equal to 1
            ?limit=10001                 | limit must be less than or equal to 10000
            ?limit=99999999999           | limit must be less than or equal to 10000
            ?limit=ten                   | limit must be an integer
            ?limit=1.5                   | limit must be an integer
            ?after=-1                    | after must be greater than or equal to 0
            ?after=abc                   | after must be an integer
            ?after=-1&limit=0            | after must be greater than or equal to 0; limit must be greater than or equal to 1
            """)
    void aBadPagingParameterIsAClear400NamingIt(String query, String detail) {
        long ownerId = createAccount("100.00");

        lists.assertRefused("/admin/accounts/" + ownerId + "/ledger" + query, detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | ownerId must be greater than 0
            -5     | ownerId must be greater than 0
            abc    | ownerId must be an integer
            """)
    void aBadOwnerIdIsAClear400NamingIt(String ownerId, String detail) {
        lists.assertRefused("/admin/accounts/" + ownerId + "/ledger?limit=3", detail);
    }

    @Test
    void anUnknownAccountIsNotFound() {
        long ownerId = Accounts.freshOwnerId();

        HttpTestClient.Reply topUp = topUp(ownerId, "\"1.00\"", "pay-1");
        assertThat(topUp.status()).isEqualTo(404);
        assertThat(topUp.header("Content-Type")).startsWith("application/problem+json");
        assertThat((String) topUp.field("detail")).contains(Long.toString(ownerId));
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId + "/ledger", null, "demo", "demo").status())
                .isEqualTo(404);
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId + "/ledger?after=5&limit=3", null, "demo",
                "demo").status()).isEqualTo(404);
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo").status()).isEqualTo(404);
        assertThat(client.admin("GET", "/admin/accounts/0/ledger", null, "demo", "demo").status()).isEqualTo(400);
    }

    @Test
    void onlyOperatorsMayTopUpOrReadTheLedger() {
        long ownerId = createAccount("100.00");
        String meter = "meter" + ownerId;
        User user = identity.newUser(meter);
        user.setPassword("meter-password");
        identity.saveUser(user);
        identity.createMembership(meter, "cdn-metering");
        String operator = Operators.createOperator(identity);
        String body = "{\"amount\":\"1.00\",\"reference\":\"pay-1\"}";
        String topUps = "/admin/accounts/" + ownerId + "/top-ups";

        assertThat(client.admin("POST", topUps, body, meter, "meter-password").status()).isEqualTo(403);
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId + "/ledger", null, meter, "meter-password")
                .status()).isEqualTo(403);
        assertThat(client.admin("POST", topUps, body, null, null).status()).isEqualTo(401);
        assertThat(client.admin("POST", topUps, body, operator, "wrong").status()).isEqualTo(401);
        assertThat(ledger(ownerId)).hasSize(1);

        assertThat(client.admin("POST", topUps, body, operator, "secret-" + operator).status()).isEqualTo(201);
        assertThat(balance(ownerId)).isEqualTo("101.00");
    }

    @Test
    void anotherBalanceForAnExistingAccountIsRefusedNamingTheTopUpEndpoint() {
        long ownerId = createAccount("100.00");

        HttpTestClient.Reply refused = client.admin("PUT", "/admin/accounts/" + ownerId, account("150.00")
                .replace("\"payMethodValid\":true", "\"payMethodValid\":false"), "demo", "demo");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat((String) refused.field("detail")).contains("POST /admin/accounts/" + ownerId + "/top-ups");
        Map<String, Object> unchanged = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo").json();
        assertThat(unchanged).containsEntry("payMethodValid", true);
        assertThat(balance(ownerId)).isEqualTo("100.00");

        // the balance it has (however written) is accepted with the rest of the profile
        assertThat(client.admin("PUT", "/admin/accounts/" + ownerId, account("100").replace("\"payMethodValid\":true",
                "\"payMethodValid\":false"), "demo", "demo").status()).isEqualTo(200);
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo").json())
                .containsEntry("payMethodValid", false);
        // after a top-up the account centre sends the new balance
        topUp(ownerId, "\"20.00\"", "pay-20");
        assertThat(client.admin("PUT", "/admin/accounts/" + ownerId, account("120.00"), "demo", "demo").status())
                .isEqualTo(200);
        assertThat(ledger(ownerId)).hasSize(2);
        assertInvariant(ownerId);
    }

    @Test
    void twentyIdenticalTopUpsAtOnceCreditOnce() throws Exception {
        long ownerId = createAccount("100.00");

        List<HttpTestClient.Reply> replies = AllAtOnce.run(20, i -> () -> topUp(ownerId, "\"25.00\"", "pay-once"));

        assertThat(replies.stream().map(HttpTestClient.Reply::status).toList())
                .containsOnlyOnce(201).containsOnly(200, 201);
        assertThat(replies.stream().map(reply -> exact(reply.raw().body()).get("id")).distinct()).hasSize(1);
        assertThat(ledger(ownerId)).hasSize(2);
        assertThat(balance(ownerId)).isEqualTo("125.00");
        assertInvariant(ownerId);
    }

    @Test
    void twentyTopUpsWithDifferentReferencesAtOnceAllCountInTurn() throws Exception {
        long ownerId = createAccount("100.00");
        List<BigDecimal> amounts = IntStream.range(0, 20)
                .mapToObj(i -> new BigDecimal(i + 1).add(new BigDecimal(i).movePointLeft(2))).toList();

        List<HttpTestClient.Reply> replies = AllAtOnce.run(20,
                i -> () -> topUp(ownerId, "\"" + amounts.get(i).toPlainString() + "\"", "pay-" + i));

        assertThat(replies.stream().map(HttpTestClient.Reply::status).toList()).containsOnly(201);
        BigDecimal sum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(balance(ownerId)).isEqualTo(new BigDecimal("100.00").add(sum).toPlainString());
        List<Map<String, Object>> entries = ledger(ownerId);
        assertThat(entries).hasSize(21);
        // each answer is the entry as stored, its balanceAfter the running sum at its place in the ledger
        assertThat(entries.subList(1, 21)).containsExactlyInAnyOrderElementsOf(
                replies.stream().map(reply -> exact(reply.raw().body())).toList());
        assertInvariant(ownerId);
    }

    @Test
    void checkBalanceRefusesActivationUntilATopUpMakesTheBalancePositive() {
        TestAccount empty = Accounts.createAccount(client, account("0.00"));
        TestAccount owing = Accounts.createAccount(client, account("-5.00"));

        assertThat(client.openCdnService(empty, "PayByTraffic").field("Code")).isEqualTo("InsufficientBalance");
        assertThat(client.openCdnService(owing, "PayByTraffic").field("Code")).isEqualTo("InsufficientBalance");
        assertThat(topUp(owing.ownerId(), "\"5.00\"", "pay-5").status()).isEqualTo(201);
        assertThat(balance(owing.ownerId())).isEqualTo("0.00");
        assertThat(client.openCdnService(owing, "PayByTraffic").field("Code")).isEqualTo("InsufficientBalance");

        assertThat(topUp(empty.ownerId(), "\"0.01\"", "pay-1").status()).isEqualTo(201);
        HttpTestClient.Reply opened = client.openCdnService(empty, "PayByTraffic");
        assertThat(opened.status()).as(opened.raw().body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVATED".equals(lastOrderStatus(empty.ownerId())));
        assertInvariant(empty.ownerId());
        assertInvariant(owing.ownerId());
    }

    /** balance == sum of the amounts == the last balanceAfter, and each balanceAfter the running sum. */
    private void assertInvariant(long ownerId) {
        List<Map<String, Object>> entries = ledger(ownerId);
        assertThat(entries).isNotEmpty();
        assertThat(entries.get(0)).containsEntry("kind", "OPENING_BALANCE");
        BigDecimal running = BigDecimal.ZERO;
        long previousId = 0;
        for (Map<String, Object> entry : entries) {
            long id = ((Number) entry.get("id")).longValue();
            assertThat(id).as("oldest first").isGreaterThan(previousId);
            previousId = id;
            running = running.add(new BigDecimal(entry.get("amount").toString()));
            assertThat(money(entry.get("balanceAfter"))).as("balanceAfter of entry " + id)
                    .isEqualTo(running.setScale(2).toPlainString());
        }
        assertThat(balance(ownerId)).isEqualTo(running.setScale(2).toPlainString());
    }

    private long createAccount(String openingBalance) {
        long ownerId = Accounts.freshOwnerId();
        HttpTestClient.Reply created = client.admin("PUT", "/admin/accounts/" + ownerId, account(openingBalance),
                "demo", "demo");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return ownerId;
    }

    private static String account(String balance) {
        return Accounts.eligibleAccountJson().replace("\"balance\":100", "\"balance\":" + balance);
    }

    private HttpTestClient.Reply topUp(long ownerId, String amountJson, String reference) {
        return client.admin("POST", "/admin/accounts/" + ownerId + "/top-ups",
                "{\"amount\":" + amountJson + ",\"reference\":\"" + reference + "\"}", "demo", "demo");
    }

    /** The whole ledger, oldest first: the first page and each next one its Link header names. */
    private List<Map<String, Object>> ledger(long ownerId) {
        return lists.all("/admin/accounts/" + ownerId + "/ledger");
    }

    private List<Page> pages(String url) {
        return lists.pages(url);
    }

    private Page page(String url) {
        return lists.page(url);
    }

    private String balance(long ownerId) {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return money(exact(reply.raw().body()).get("balance"));
    }

    @SuppressWarnings("unchecked")
    private String lastOrderStatus(long ownerId) {
        List<Map<String, Object>> orders = (List<Map<String, Object>>) client.admin("GET",
                "/admin/accounts/" + ownerId, null, "demo", "demo").json().get("orders");
        return orders.isEmpty() ? "NONE" : (String) orders.get(orders.size() - 1).get("status");
    }

    /** An amount as the API wrote it, in cents: "10.00". */
    private static String money(Object amount) {
        return new BigDecimal(amount.toString()).setScale(2).toPlainString();
    }

    private static Map<String, Object> exact(String json) {
        try {
            return EXACT.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }
}
