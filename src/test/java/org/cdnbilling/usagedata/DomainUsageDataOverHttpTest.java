package org.cdnbilling.usagedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * DescribeDomainUsageData over HTTP, signed (V1), for usage posted through {@code POST /admin/usage} as the
 * metering pipeline posts it. Each test opens an account, picks D, the start of the second Beijing day after the
 * opening (a 16:00Z), moves the application's clock past D + 1 day and posts these samples around D:
 * <pre>
 *   start      region  bytes  peakBps
 *   D - 10 min CN       1000      100
 *   D -  5 min CN       2000      300
 *   D -  5 min EU        500      250
 *   D          CN       4000      200
 *   D          EU       8000      150
 *   D + 65 min CN      16000       50
 * </pre>
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@Import(ShiftableClock.Configuration.class)
class DomainUsageDataOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVALID = "The specified parameter is invalid.";

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    private record Usage(TestAccount account, Instant d) {
    }

    private Usage usage() {
        TestAccount account = Accounts.createOpenedAccount(client, clock, "PayByTraffic");
        Instant opened = services.findByOwnerId(account.ownerId()).orElseThrow().openedAt();
        Instant d = BillingDay.nextStart(BillingDay.nextStart(opened));
        clock.shift(Duration.between(clock.instant(), d.plus(Duration.ofHours(26))));
        String samples = List.of(sample(account, "CN", d.minusSeconds(600), 1000, 100),
                sample(account, "CN", d.minusSeconds(300), 2000, 300), sample(account, "EU", d.minusSeconds(300), 500, 250),
                sample(account, "CN", d, 4000, 200), sample(account, "EU", d, 8000, 150),
                sample(account, "CN", d.plusSeconds(3900), 16000, 50)).stream().collect(Collectors.joining(","));
        var posted = client.admin("POST", "/admin/usage", "{\"samples\":[" + samples + "]}", "demo", "demo");
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
        assertThat(posted.json()).containsEntry("accepted", 6);
        return new Usage(account, d);
    }

    private static String sample(TestAccount account, String region, Instant start, long bytes, long peakBps) {
        return "{\"ownerId\":" + account.ownerId() + ",\"region\":\"" + region + "\",\"start\":\"" + start
                + "\",\"bytes\":" + bytes + ",\"peakBps\":" + peakBps + "}";
    }

    private HttpTestClient.Reply call(TestAccount account, String... nameValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.put(nameValues[i], nameValues[i + 1]);
        }
        return client.signedGetAt(clock, account, "DescribeDomainUsageData", parameters);
    }

    private HttpTestClient.Reply query(Usage usage, String field, Instant start, Instant end, String... more) {
        String[] all = new String[6 + more.length];
        System.arraycopy(new String[] {"Field", field, "StartTime", start.toString(), "EndTime", end.toString()}, 0,
                all, 0, 6);
        System.arraycopy(more, 0, all, 6, more.length);
        return call(usage.account(), all);
    }

    /** The DataModule list as "TimeStamp PeakTime Value" lines, each checked to repeat Value as SpecialValue. */
    private static List<String> points(HttpTestClient.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        JsonNode modules = JSON.readTree(reply.raw().body()).get("UsageDataPerInterval").get("DataModule");
        return java.util.stream.StreamSupport.stream(modules.spliterator(), false).map(module -> {
            assertThat(module.get("Value").isTextual()).isTrue();
            assertThat(module.get("SpecialValue")).isEqualTo(module.get("Value"));
            return module.get("TimeStamp").asText() + " " + module.get("PeakTime").asText() + " "
                    + module.get("Value").asText();
        }).toList();
    }

    private static String point(Instant timeStamp, Instant peakTime, String value) {
        return timeStamp + " " + peakTime + " " + value;
    }

    private static String point(Instant timeStamp, String value) {
        return point(timeStamp, timeStamp, value);
    }

    @Test
    void trafficIsTheIntervalsBytesWithAZeroPointWhereThereWasNone() throws Exception {
        Usage usage = usage();
        Instant d = usage.d();

        var fiveMinutes = query(usage, "traf", d.minusSeconds(900), d.plusSeconds(600), "Interval", "300");
        assertThat(points(fiveMinutes)).containsExactly(point(d.minusSeconds(900), "0"),
                point(d.minusSeconds(600), "1000"), point(d.minusSeconds(300), "2000"), point(d, "4000"),
                point(d.plusSeconds(300), "0"));
        assertThat(fiveMinutes.json()).containsEntry("DomainName", "").containsEntry("Type", "traf")
                .containsEntry("Area", "CN").containsEntry("DataInterval", "300")
                .containsEntry("StartTime", d.minusSeconds(900).toString())
                .containsEntry("EndTime", d.plusSeconds(600).toString());

        assertThat(points(query(usage, "traf", d.minus(Duration.ofHours(1)), d.plus(Duration.ofHours(2)),
                "Interval", "3600", "Area", "CN"))).containsExactly(point(d.minus(Duration.ofHours(1)), "3000"),
                point(d, "4000"), point(d.plus(Duration.ofHours(1)), "16000"));

        var days = query(usage, "traf", d.minus(Duration.ofDays(1)), d.plus(Duration.ofDays(1)), "Interval", "86400",
                "Area", "OverSeas");
        assertThat(points(days)).containsExactly(point(d.minus(Duration.ofDays(1)), "500"), point(d, "8000"));
        assertThat(days.json()).containsEntry("Area", "OverSeas").containsEntry("DataInterval", "86400");

        var all = query(usage, "traf", d.minus(Duration.ofDays(1)), d.plus(Duration.ofDays(1)), "Interval", "86400",
                "Area", "all", "Type", "all", "DataProtocol", "all", "DomainName", "");
        assertThat(points(all)).containsExactly(point(d.minus(Duration.ofDays(1)), "3500"), point(d, "28000"));
    }

    @Test
    void bandwidthIsTheIntervalsHighestFiveMinutePeakAtItsTime() throws Exception {
        Usage usage = usage();
        Instant d = usage.d();

        assertThat(points(query(usage, "bps", d.minusSeconds(600), d.plusSeconds(300), "Interval", "300")))
                .containsExactly(point(d.minusSeconds(600), "100"), point(d.minusSeconds(300), "300"), point(d, "200"));

        // all regions: the regions' peaks of the same five minutes add up (D - 5 min: 300 + 250)
        var hours = query(usage, "bps", d.minus(Duration.ofHours(1)), d.plus(Duration.ofHours(2)), "Interval", "3600",
                "Area", "all");
        assertThat(points(hours)).containsExactly(point(d.minus(Duration.ofHours(1)), d.minusSeconds(300), "550"),
                point(d, d, "350"), point(d.plus(Duration.ofHours(1)), d.plusSeconds(3900), "50"));
        assertThat(hours.json()).containsEntry("Type", "bps").containsEntry("Area", "all");

        assertThat(points(query(usage, "bps", d.minus(Duration.ofDays(1)), d.plus(Duration.ofDays(1)), "Interval",
                "86400", "Area", "EU"))).containsExactly(point(d.minus(Duration.ofDays(1)), d.minusSeconds(300), "250"),
                point(d, d, "150"));
    }

    @Test
    void pointsCoverTheIntervalsOverlappingTheRangeUpToNowAndTheIntervalDefaultsByItsLength() throws Exception {
        Usage usage = usage();
        Instant d = usage.d();

        // a start within an interval counts that interval whole
        assertThat(points(query(usage, "traf", d.minusSeconds(420), d.plusSeconds(60), "Interval", "300")))
                .containsExactly(point(d.minusSeconds(600), "1000"), point(d.minusSeconds(300), "2000"), point(d, "4000"));

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant current = Instant.ofEpochSecond(now.getEpochSecond() - now.getEpochSecond() % 300);
        assertThat(points(query(usage, "traf", current.minusSeconds(600), now.plus(Duration.ofHours(1)), "Interval",
                "300"))).containsExactly(point(current.minusSeconds(600), "0"), point(current.minusSeconds(300), "0"),
                point(current, "0"));

        assertThat(query(usage, "traf", d.minusSeconds(600), d.plus(Duration.ofHours(23))).json())
                .containsEntry("DataInterval", "300");
        assertThat(query(usage, "traf", d.minus(Duration.ofHours(2)), d.plus(Duration.ofDays(1))).json())
                .containsEntry("DataInterval", "3600");
        var days = query(usage, "traf", d.minus(Duration.ofDays(1)), d.plus(Duration.ofDays(3)));
        assertThat(days.json()).containsEntry("DataInterval", "86400");
        // now is D + 26 h: the day after D has begun, the one after it not
        assertThat(points(days)).containsExactly(point(d.minus(Duration.ofDays(1)), "3000"), point(d, "20000"),
                point(d.plus(Duration.ofDays(1)), "0"));
    }

    @Test
    void aDomainNameIsNotFoundAndAnAccountWithoutServiceIsDenied() {
        Usage usage = usage();

        RpcAssertions.assertError(query(usage, "traf", usage.d(), usage.d().plusSeconds(600), "DomainName",
                "example.com"), 404, "InvalidDomain.NotFound", "The domain provided does not exist in our records.");
        RpcAssertions.assertError(call(Accounts.createEligibleAccount(client), "Field", "traf", "StartTime",
                usage.d().toString(), "EndTime", usage.d().plusSeconds(600).toString()), 403, "OperationDenied",
                "Your account does not open CDN service yet.");
    }

    @Test
    void badParametersGetTheDocumentedCodes() {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        String e = end.toString();
        String s = end.minus(Duration.ofHours(1)).toString();
        String missing = "The input parameter \"%s\" that is mandatory for processing this request is not supplied.";

        assertRefused(400, "MissingParameter", missing.formatted("StartTime"), "Field", "traf", "EndTime", e);
        assertRefused(400, "MissingParameter", missing.formatted("EndTime"), "Field", "traf", "StartTime", s);
        assertRefused(400, "MissingParameter", missing.formatted("Field"), "StartTime", s, "EndTime", e);
        assertRefused(400, "InvalidParameterStartTime", "The parameter StartTime is invalid.",
                "Field", "traf", "StartTime", "2026-13-01T00:00:00Z", "EndTime", e);
        assertRefused(400, "InvalidParameterEndTime", "The parameter EndTime is invalid.",
                "Field", "traf", "StartTime", s, "EndTime", "2026-12-01T00:00Z");
        assertRefused(400, "InvalidTime.Malformed", "Specified StartTime or EndTime is malformed.",
                "Field", "traf", "StartTime", "yesterday", "EndTime", "today");
        assertRefused(400, "InvalidEndTime.Mismatch", "Specified EndTime does not match the specified StartTime.",
                "Field", "traf", "StartTime", e, "EndTime", s);
        assertRefused(400, "InvalidParameterField", "The specified Field is invalid.",
                "Field", "acc", "StartTime", s, "EndTime", e, "Area", "all");
        assertRefused(400, "InvalidParameterField", "The specified Field is invalid.",
                "Field", "Traf", "StartTime", s, "EndTime", e);
        assertRefused(400, "InvalidParameterType", "The specified Type is invalid.",
                "Field", "traf", "StartTime", s, "EndTime", e, "Type", "static");
        assertRefused(400, "InvalidParameter", INVALID,
                "Field", "bps", "StartTime", s, "EndTime", e, "DataProtocol", "https");
        assertRefused(400, "InvalidParameter", INVALID, "Field", "bps", "StartTime", s, "EndTime", e, "Area", "Mars");
        assertRefused(400, "InvalidIntervalParameter", "The specified Interval is invalid.",
                "Field", "bps", "StartTime", s, "EndTime", e, "Interval", "60");
        String span = "The time span exceeds the limit.";
        assertRefused(400, "InvalidTimeSpan", span, "Field", "traf", "Interval", "300",
                "StartTime", end.minus(Duration.ofDays(3)).minusSeconds(1).toString(), "EndTime", e);
        assertRefused(400, "InvalidTimeSpan", span, "Field", "traf", "Interval", "86400",
                "StartTime", end.minus(Duration.ofDays(31)).minusSeconds(1).toString(), "EndTime", e);
        assertRefused(400, "InvalidTimeSpan", span, "Field", "traf",
                "StartTime", end.minus(Duration.ofDays(31)).minusSeconds(1).toString(), "EndTime", e);
        String notSupported = "The specified value of parameter StartTime is not supported.";
        Instant old = clock.instant().minus(Duration.ofDays(94));
        assertRefused(400, "InvalidStartTime.ValueNotSupported", notSupported, "Field", "traf", "Interval", "300",
                "StartTime", old.truncatedTo(ChronoUnit.SECONDS).toString(),
                "EndTime", old.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        // the same start is still within the history of hours: what follows is the account's state
        assertRefused(403, "OperationDenied", "Your account does not open CDN service yet.", "Field", "traf",
                "Interval", "3600", "StartTime", old.truncatedTo(ChronoUnit.SECONDS).toString(),
                "EndTime", old.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** A call of an account without service (10 calls a second: each call has an account of its own). */
    private void assertRefused(int status, String code, String message, String... nameValues) {
        RpcAssertions.assertError(call(Accounts.createEligibleAccount(client), nameValues), status, code, message);
    }
}
