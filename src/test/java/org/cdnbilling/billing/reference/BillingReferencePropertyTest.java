package org.cdnbilling.billing.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.cdnbilling.CdnBillingApplication;
import org.cdnbilling.billing.reference.ReferenceModel.Period;
import org.cdnbilling.billing.reference.ReferenceModel.Rating;
import org.cdnbilling.billing.reference.ReferenceModel.Sample;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Random streams of usage, top-ups, charge type changes and price changes fed through the real HTTP API and
 * billing runs, and after every run each period's bills (first bill plus supplements) compared with
 * {@link ReferenceModel}'s rating of every sample known so far, to the cent, and the ledger with the bills.
 * <p>
 * One application for all tries (the clock of each try moves on from where the last one left it, to the next
 * Beijing midnight or month end); a fresh account per try. Four properties, from the cases today's rating
 * already handles to the whole of issue 24:
 * <ol>
 * <li>{@link #billsFollowTheReferenceModelWithoutTheCasesOfIssue24}: lines exact at 8 decimals (bytes in whole
 * 32 MiB, peaks in tens of bit/s), no late sample that changes the month-to-date of a billed later hour, no price
 * change;
 * <li>{@link #billsFollowTheReferenceModelWithAnyQuantities}: any byte counts and peaks (item 4, rounding);
 * <li>{@link #billsFollowTheReferenceModelWithLateUsageReTieringBilledHours}: late samples before billed hours
 * (item 2);
 * <li>{@link #billsFollowTheReferenceModelAcrossPriceChanges}: all of it and price changes through
 * {@code POST /admin/price-books} (item 3).
 * </ol>
 * Shrinking is off (a try is a minute of the application's time, not of a pure function): a failure reports the
 * whole try, every step, every sample and the model's rating of each period that disagrees.
 */
class BillingReferencePropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final long MAX_BYTES = 1L << 46;
    private static final long GB = ReferencePrices.GB;
    /** Bytes in whole 32 MiB (1/32 GB) and peaks in tens of bit/s make every line exact at 8 decimals. */
    private static final long EXACT_BYTES = 1L << 25;
    private static final long EXACT_BPS = 10;
    private static final BigDecimal OPENING_BALANCE = new BigDecimal("100000000.00");
    /**
     * The rule of {@link ReferenceModel#countsTowardMonthToDate} that docs/billing.md decides (days billed by
     * bandwidth do not count toward the month-to-date): {@code false}. {@code -Dcdn.reference.bandwidth-days-count=true}
     * compares under the other answer; set to the empty string, an hour whose rating depends on it is not compared.
     */
    private static final String BANDWIDTH_DAYS_COUNT = emptyAsNull(
            System.getProperty("cdn.reference.bandwidth-days-count", "false"));

    private static ConfigurableApplicationContext application;
    private static HttpTestClient client;
    private static ShiftableClock clock;
    private static ReferencePrices prices;
    /** Whether the application has price book versions ({@code GET /admin/price-books}); today's main has none. */
    private static boolean versioned;

    @BeforeContainer
    static void start() throws Exception {
        application = new SpringApplicationBuilder(CdnBillingApplication.class, ShiftableClock.Configuration.class)
                .profiles("demo", "test")
                // arguments, not default properties: they take precedence over the demo profile's settings
                .run("--server.port=0", "--cdn.billing.usage-delay=PT1H", "--cdn.billing.accounts-per-partition=2",
                        "--cdn.billing.partition-retry-cycle=R1/PT1S",
                        "--cdn.gateway.calls-per-second.OpenCdnService=1000",
                        "--cdn.gateway.calls-per-second.DescribeCdnService=1000",
                        "--cdn.gateway.calls-per-second.ModifyCdnService=1000");
        client = new HttpTestClient(((WebServerApplicationContext) application).getWebServer().getPort());
        clock = application.getBean(ShiftableClock.class);
        prices = documentedPrices();
    }

    @AfterContainer
    static void stop() {
        application.close();
    }

    /**
     * The documented price book as the first version; where the application lists versions, that version's
     * number and start, and its prices checked against the documentation's.
     */
    private static ReferencePrices documentedPrices() throws Exception {
        HttpTestClient.Reply listed = client.admin("GET", "/admin/price-books", null, "demo", "demo");
        versioned = listed.status() == 200;
        if (!versioned) {
            return new ReferencePrices(1, Instant.EPOCH);
        }
        List<Map<String, Object>> versions = JSON.readValue(listed.raw().body(), new TypeReference<>() { });
        Map<String, Object> first = versions.get(0);
        ReferencePrices documented = new ReferencePrices(((Number) first.get("version")).intValue(),
                first.get("effectiveFrom") == null ? Instant.EPOCH
                        : Instant.parse((String) first.get("effectiveFrom")));
        assertThat(decimals(first.get("traffic"))).as("the listed first version's traffic prices")
                .isEqualTo(decimals(ReferencePrices.documentedTraffic()));
        assertThat(decimals(first.get("bandwidth"))).as("the listed first version's bandwidth prices")
                .isEqualTo(decimals(ReferencePrices.documentedBandwidth()));
        for (Map<String, Object> other : versions.subList(1, versions.size())) {
            documented.addListed(((Number) other.get("version")).intValue(),
                    Instant.parse((String) other.get("effectiveFrom")), exact(other.get("traffic")),
                    exact(other.get("bandwidth")));
        }
        return documented;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<BigDecimal>> exact(Object prices) {
        Map<String, List<BigDecimal>> exact = new TreeMap<>();
        ((Map<String, List<Object>>) prices).forEach((region, list) -> exact.put(region,
                list.stream().map(p -> new BigDecimal(p.toString())).toList()));
        return exact;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> decimals(Object prices) {
        Map<String, List<String>> plain = new TreeMap<>();
        ((Map<String, List<Object>>) prices).forEach((region, list) -> plain.put(region,
                list.stream().map(p -> new BigDecimal(p.toString()).stripTrailingZeros().toPlainString()).toList()));
        return plain;
    }

    // --- the properties ---

    /** Today's rules alone: lines exact at 8 decimals, no late sample re-tiering a billed hour, no price change. */
    @Property(tries = 15, shrinking = ShrinkingMode.OFF)
    void billsFollowTheReferenceModelWithoutTheCasesOfIssue24(@ForAll("withoutIssue24") Scenario scenario) {
        play(scenario);
    }

    /** Any byte counts and peaks: lines rounded to 8 decimals, the total from their sum (issue 24 item 4). */
    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void billsFollowTheReferenceModelWithAnyQuantities(@ForAll("anyQuantities") Scenario scenario) {
        play(scenario);
    }

    /** Late samples that change the month-to-date of later billed hours re-rate those hours (issue 24 item 2). */
    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void billsFollowTheReferenceModelWithLateUsageReTieringBilledHours(@ForAll("reTiering") Scenario scenario) {
        play(scenario);
    }

    /** Everything: any quantities, any late samples, and price changes (issue 24 item 3, POST /admin/price-books). */
    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void billsFollowTheReferenceModelAcrossPriceChanges(@ForAll("withPriceChanges") Scenario scenario) {
        play(scenario);
    }

    // --- the scenarios ---

    /** Where a sample's hour is taken from, resolved against the clock when its step is played. */
    enum Kind {
        /** an hour since the previous step */
        FRESH,
        /** any earlier hour of the account: mostly hours already billed */
        LATE,
        /** a sample posted before, again (ignored) */
        DUPLICATE,
        /** the hours around the try's Beijing midnight (16:00Z), a month end in half of the tries */
        AROUND_MIDNIGHT,
        /** an hour before the latest billed traffic hour, in a region of it: its month-to-date grows */
        BEFORE_BILLED,
        /**
         * alone in an hour of CN without usage yet, its bytes just below an odd half cent at the hour's unit price
         * (exactly on it where lines must be exact): the line rounded to 8 decimals ends in 5 at the third decimal
         */
        HALF_CENT
    }

    record SampleSpec(Kind kind, double position, int slot, String region, long bytes, long peakBps) {
    }

    record PriceChange(int hoursAhead, String region, List<String> traffic) {
    }

    /** One step: the clock moved on, samples posted, maybe a top-up, a charge type change, a price change; a run. */
    record Step(int hours, List<SampleSpec> samples, int topUpCents, boolean topUpTwice, String modifyTo,
            PriceChange priceChange) {
    }

    /**
     * A try: around a month end or another Beijing midnight, opened that many hours before it with a charge type,
     * switched to the other type at that midnight (requested right after the opening) or not.
     */
    record Scenario(boolean monthEnd, int hoursBeforeMidnight, String chargeType, boolean switchAtMidnight,
            boolean exactLines, boolean reTiering, List<Step> steps) {
    }

    @Provide
    Arbitrary<Scenario> withoutIssue24() {
        return scenarios(true, false, false);
    }

    @Provide
    Arbitrary<Scenario> anyQuantities() {
        return scenarios(false, false, false);
    }

    @Provide
    Arbitrary<Scenario> reTiering() {
        return scenarios(true, true, false);
    }

    @Provide
    Arbitrary<Scenario> withPriceChanges() {
        return scenarios(false, true, true);
    }

    private static Arbitrary<Scenario> scenarios(boolean exactLines, boolean reTiering, boolean priceChanges) {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(1, 6),
                samples(exactLines).list().ofMinSize(0).ofMaxSize(14),
                Arbitraries.integers().between(1, 50_000).injectNull(0.6),
                Arbitraries.of(true, false),
                Arbitraries.of("PayByTraffic", "PayByBandwidth").injectNull(0.5),
                priceChanges ? priceChanges().injectNull(0.5) : Arbitraries.just((PriceChange) null))
                .as((hours, samples, cents, twice, modify, price) -> new Step(hours, samples,
                        cents == null ? 0 : cents, twice, modify, price));
        return Combinators.combine(Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false)),
                Arbitraries.integers().between(2, 9), Arbitraries.of("PayByTraffic", "PayByBandwidth"),
                Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false)), step.list().ofMinSize(3).ofMaxSize(5))
                .as((monthEnd, before, type, switchAtMidnight, steps) -> new Scenario(monthEnd, before, type,
                        switchAtMidnight, exactLines, reTiering, steps));
    }

    private static Arbitrary<SampleSpec> samples(boolean exact) {
        Arbitrary<Long> bytes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 200 * GB)),
                // near the bound: four of them cross 50 TB and 100 TB of the month-to-date, sixteen 1 PB
                Tuple.of(4, Arbitraries.longs().between(0, GB).map(less -> MAX_BYTES - less)),
                Tuple.of(2, Arbitraries.longs().between(0, MAX_BYTES)),
                Tuple.of(1, Arbitraries.longs().between(0, 150)),
                // just below an odd half cent in CN's first tier (0.04 per GB: 2^27 bytes are half a cent): the
                // line rounded to 8 decimals is x.xx5, the exact amount below it (issue 24 item 4)
                Tuple.of(2, Arbitraries.longs().between(0, 40).map(k -> (2 * k + 1) * (1L << 27) - 1)))
                .map(b -> exact ? b - b % EXACT_BYTES : b);
        Arbitrary<Long> peaks = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(0, 1_000_000_000L)),
                Tuple.of(3, Arbitraries.of(500_000_000L, 5_000_000_000L, 20_000_000_000L)
                        .flatMap(limit -> Arbitraries.longs().between(-20, 20).map(d -> limit + d))),
                Tuple.of(1, Arbitraries.longs().between(0, 100_000_000_000L)))
                .map(p -> exact ? p - p % EXACT_BPS : p);
        Arbitrary<String> regions = Arbitraries.frequency(Tuple.of(6, "CN"), Tuple.of(3, "EU"),
                Tuple.of(1, "AP2"), Tuple.of(1, "SA"), Tuple.of(1, "AP1"));
        return Combinators.combine(Arbitraries.frequency(Tuple.of(4, Kind.FRESH),
                        Tuple.of(4, Kind.LATE), Tuple.of(1, Kind.DUPLICATE),
                        Tuple.of(2, Kind.AROUND_MIDNIGHT), Tuple.of(3, Kind.BEFORE_BILLED),
                        Tuple.of(2, Kind.HALF_CENT)),
                Arbitraries.integers().between(0, 999).map(i -> i / 1000.0),
                Arbitraries.integers().between(0, 11), regions, bytes, peaks).as(SampleSpec::new);
    }

    private static Arbitrary<PriceChange> priceChanges() {
        Arbitrary<String> price = Arbitraries.integers().between(10, 120).map(milli -> String.format("0.%03d", milli));
        return Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.of("CN", "EU", "AP2"),
                price.list().ofSize(4)).as(PriceChange::new);
    }

    // --- playing a scenario ---

    private void play(Scenario scenario) {
        Instant midnight = positionClock(scenario);
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":%s}""".formatted(OPENING_BALANCE));
        assertThat(client.signedGetAt(clock, account, "OpenCdnService",
                Map.of("InternetChargeType", scenario.chargeType())).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.signedGetAt(clock, account, "DescribeCdnService",
                Map.of()).json().containsKey("OpeningTime"));
        Instant openedAt = clock.instant();
        Instant firstHour = openedAt.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Play play = new Play(account, scenario, midnight, firstHour, new ReferenceModel(prices, scenario.chargeType()));
        if (scenario.switchAtMidnight()) {
            play.modify(scenario.chargeType().equals("PayByTraffic") ? "PayByBandwidth" : "PayByTraffic");
        }
        Instant previous = firstHour;
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Instant now = previous.plus(steps.get(i).hours(), ChronoUnit.HOURS);
            if (i == steps.size() - 1) {
                // the last step: every period of the try is due, the day after the midnight included
                Instant end = midnight.plus(26, ChronoUnit.HOURS);
                now = now.isBefore(end) ? end : now;
            }
            play.step(steps.get(i), previous, now.truncatedTo(ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES));
            previous = now.truncatedTo(ChronoUnit.HOURS);
        }
        play.collectStatistics(scenario);
    }

    /** What the tries covered, in the jqwik report of each property. */
    private static final List<String> COVERAGE = List.of("late sample for a billed period",
            "late sample changing a billed later hour's month-to-date",
            "late sample changing a billed later hour's charge", "duplicate", "supplement", "credit",
            "hour across a tier start", "day across a bandwidth tier", "charge type changed",
            "hour decided by the open rule", "price change");

    /**
     * Moves the clock on to a few hours before the next Beijing midnight (16:00Z), or the next Beijing month end,
     * at 20 minutes past the hour; answers that midnight.
     */
    private static Instant positionClock(Scenario scenario) {
        Instant soon = clock.instant().plus(scenario.hoursBeforeMidnight() + 2, ChronoUnit.HOURS);
        Instant midnight = ReferenceModel.beijingDayStart(soon).plus(1, ChronoUnit.DAYS);
        if (scenario.monthEnd()) {
            midnight = soon.atZone(ReferenceModel.BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
                    .plusMonths(1).toInstant();
        }
        Instant target = midnight.minus(scenario.hoursBeforeMidnight(), ChronoUnit.HOURS).plus(20, ChronoUnit.MINUTES);
        clock.shift(Duration.between(clock.instant(), target));
        return midnight;
    }

    /** One try: the account, its model and what was paid in. */
    private static final class Play {

        private final TestAccount account;
        private final Scenario scenario;
        private final Instant midnight;
        private final Instant firstHour;
        private final ReferenceModel model;
        private final Map<String, BigDecimal> topUps = new LinkedHashMap<>();
        private final List<String> log = new ArrayList<>();
        private Instant lastRun = Instant.EPOCH;
        private final java.util.Set<String> covered = new java.util.TreeSet<>();

        void collectStatistics(Scenario scenario) {
            Statistics.label("month end").collect(scenario.monthEnd());
            for (String what : COVERAGE) {
                Statistics.label(what).collect(covered.contains(what));
            }
        }

        Play(TestAccount account, Scenario scenario, Instant midnight, Instant firstHour, ReferenceModel model) {
            this.account = account;
            this.scenario = scenario;
            this.midnight = midnight;
            this.firstHour = firstHour;
            this.model = model;
            log.add("account " + account.ownerId() + " opened " + scenario.chargeType() + ", first hour " + firstHour
                    + ", midnight " + midnight);
        }

        void step(Step step, Instant previous, Instant now) {
            clock.shift(Duration.between(clock.instant(), now));
            postSamples(step, previous, now);
            if (step.topUpCents() > 0) {
                topUp(BigDecimal.valueOf(step.topUpCents(), 2), step.topUpTwice());
            }
            if (step.modifyTo() != null) {
                modify(step.modifyTo());
            }
            if (step.priceChange() != null) {
                changePrices(step.priceChange());
            }
            Instant runAt = clock.instant();
            BillingRuns.run(client);
            lastRun = runAt;
            log.add(runAt + " billing run");
            compare(runAt);
        }

        private void modify(String chargeType) {
            Instant at = clock.instant();
            HttpTestClient.Reply modified = client.signedGetAt(clock, account, "ModifyCdnService",
                    Map.of("InternetChargeType", chargeType));
            assertThat(modified.status()).as(modified.raw().body()).isEqualTo(200);
            if (!model.chargeTypeAt(at).equals(chargeType)) {
                covered.add("charge type changed");
            }
            model.modify(at, chargeType);
            log.add(at + " ModifyCdnService " + chargeType);
        }

        private void postSamples(Step step, Instant previous, Instant now) {
            Map<String, Sample> batch = new LinkedHashMap<>();
            List<Sample> fresh = new ArrayList<>();
            int duplicates = 0;
            for (SampleSpec spec : step.samples()) {
                Sample sample = resolve(spec, previous, now, batch.values());
                if (sample == null || batch.containsKey(sample.region() + "@" + sample.start())) {
                    continue;
                }
                Sample known = model.known(sample.region(), sample.start());
                if (known != null) {
                    sample = known; // the same key again: the same values, a duplicate
                    duplicates++;
                    covered.add("duplicate");
                } else if (!scenario.reTiering() && model.wouldReTierABilledHour(sample, lastRun)) {
                    continue;
                } else {
                    if (ReferenceModel.isDue(model.periodOf(sample.hour()), lastRun)) {
                        covered.add("late sample for a billed period");
                    }
                    if (model.wouldReTierABilledHour(sample, lastRun)) {
                        covered.add("late sample changing a billed later hour's month-to-date");
                    }
                    fresh.add(sample);
                }
                batch.put(sample.region() + "@" + sample.start(), sample);
            }
            if (batch.isEmpty()) {
                return;
            }
            Map<Period, Rating> before = model.dueRatings(lastRun, true);
            String body = batch.values().stream().map(s -> "{\"ownerId\":" + account.ownerId() + ",\"region\":\""
                    + s.region() + "\",\"start\":\"" + s.start() + "\",\"bytes\":" + s.bytes() + ",\"peakBps\":"
                    + s.peakBps() + "}").collect(Collectors.joining(",", "{\"samples\":[", "]}"));
            HttpTestClient.Reply reply = client.admin("POST", "/admin/usage", body, "demo", "demo");
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            assertThat(((Number) reply.field("accepted")).intValue()).as("accepted of " + body).isEqualTo(fresh.size());
            assertThat(((Number) reply.field("duplicates")).intValue()).as("duplicates of " + body)
                    .isEqualTo(duplicates);
            fresh.forEach(model::add);
            java.util.Set<Period> periodsPosted = new java.util.HashSet<>();
            fresh.forEach(sample -> periodsPosted.add(model.periodOf(sample.hour())));
            model.dueRatings(lastRun, true).forEach((period, rating) -> {
                if (before.containsKey(period) && !periodsPosted.contains(period)
                        && before.get(period).charged().compareTo(rating.charged()) != 0) {
                    covered.add("late sample changing a billed later hour's charge");
                }
            });
            log.add(now + " posted " + fresh.size() + " new, " + duplicates + " again: " + batch.values());
        }

        /** The sample a spec stands for at this step, or null where it has none (no such hour yet, in the future). */
        private Sample resolve(SampleSpec spec, Instant previous, Instant now, java.util.Collection<Sample> batch) {
            Instant hour;
            String region = spec.region();
            long bytes = spec.bytes();
            Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
            switch (spec.kind()) {
                case FRESH -> hour = pick(previous, currentHour, spec.position());
                case LATE -> hour = pick(firstHour, previous, spec.position());
                case AROUND_MIDNIGHT -> hour = pick(midnight.minus(2, ChronoUnit.HOURS),
                        midnight.plus(1, ChronoUnit.HOURS), spec.position());
                case DUPLICATE -> {
                    List<Sample> known = model.samples();
                    return known.isEmpty() ? null : known.get((int) (spec.position() * known.size()));
                }
                case BEFORE_BILLED -> {
                    List<Sample> billed = model.samples().stream().filter(s -> s.bytes() > 0
                            && model.periodOf(s.hour()).billType().equals("hour_flow")
                            && ReferenceModel.isDue(model.periodOf(s.hour()), lastRun)).toList();
                    Sample latest = billed.stream().max(java.util.Comparator.comparing(Sample::start)).orElse(null);
                    if (latest == null || !latest.hour().isAfter(firstHour)) {
                        return null;
                    }
                    hour = pick(firstHour, latest.hour().minus(1, ChronoUnit.HOURS), spec.position());
                    region = billed.get((int) (spec.position() * billed.size())).region();
                }
                case HALF_CENT -> {
                    java.util.Set<Instant> used = new java.util.HashSet<>();
                    model.samples().forEach(s -> used.add(s.hour()));
                    batch.forEach(s -> used.add(s.hour()));
                    List<Instant> free = new ArrayList<>();
                    for (Instant h = firstHour; !h.isAfter(currentHour); h = h.plus(1, ChronoUnit.HOURS)) {
                        if (!used.contains(h)) {
                            free.add(h);
                        }
                    }
                    if (free.isEmpty()) {
                        return null;
                    }
                    hour = free.get((int) (spec.position() * free.size()));
                    region = "CN";
                    long odd = 2 * (spec.bytes() % 20) + 1;
                    BigDecimal halfCents = new BigDecimal("0.005").multiply(BigDecimal.valueOf(odd));
                    bytes = scenario.exactLines() ? odd << 27
                            : halfCents.multiply(BigDecimal.valueOf(GB))
                                    .divide(model.trafficUnitPrice("CN", hour), 0, java.math.RoundingMode.FLOOR)
                                    .longValueExact();
                }
                default -> throw new IllegalStateException();
            }
            Instant start = hour.plus(5L * spec.slot(), ChronoUnit.MINUTES);
            if (hour.isBefore(firstHour) || start.plus(5, ChronoUnit.MINUTES).isAfter(now)) {
                return null;
            }
            return new Sample(region, start, bytes, spec.peakBps());
        }

        private static Instant pick(Instant from, Instant toInclusive, double position) {
            long hours = Duration.between(from, toInclusive).toHours() + 1;
            return hours <= 0 ? from : from.plus((long) (position * hours), ChronoUnit.HOURS);
        }

        private void topUp(BigDecimal amount, boolean twice) {
            String reference = "pay-" + account.ownerId() + "-" + topUps.size();
            String body = "{\"amount\":\"" + amount.toPlainString() + "\",\"reference\":\"" + reference + "\"}";
            String path = "/admin/accounts/" + account.ownerId() + "/top-ups";
            HttpTestClient.Reply reply = client.admin("POST", path, body, "demo", "demo");
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
            if (twice) {
                assertThat(client.admin("POST", path, body, "demo", "demo").status()).isEqualTo(200);
            }
            topUps.put(reference, amount);
            log.add("top-up " + amount + (twice ? " (posted twice)" : ""));
        }

        private void changePrices(PriceChange change) {
            Instant nextHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            Instant from = nextHour.plus(change.hoursAhead(), ChronoUnit.HOURS);
            Instant afterLatest = prices.latest().effectiveFrom().plus(1, ChronoUnit.HOURS);
            from = from.isBefore(afterLatest) ? afterLatest : from;
            String body = "{\"effectiveFrom\":\"" + from + "\",\"traffic\":{\"" + change.region() + "\":["
                    + change.traffic().stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]}}";
            HttpTestClient.Reply reply = client.admin("POST", "/admin/price-books", body, "demo", "demo");
            assertThat(reply.status()).as("POST /admin/price-books " + body + ": " + reply.raw().body()).isEqualTo(201);
            int version = ((Number) reply.field("version")).intValue();
            prices.add(version, from,
                    Map.of(change.region(), ReferencePrices.prices(change.traffic().toArray(String[]::new))));
            covered.add("price change");
            log.add("price book version " + version + " from " + from + ": " + body);
        }

        // --- the comparison ---

        private void compare(Instant runAt) {
            Map<Period, Rating> counting = model.dueRatings(runAt, true);
            Map<Period, Rating> notCounting = model.dueRatings(runAt, false);
            Map<Period, Rating> expected = BANDWIDTH_DAYS_COUNT == null || Boolean.parseBoolean(BANDWIDTH_DAYS_COUNT)
                    ? counting : notCounting;
            Instant from = ReferenceModel.beijingDayStart(firstHour).minus(1, ChronoUnit.DAYS);
            List<Map<String, Object>> bills = new PagedLists(client, "bills").all("/admin/accounts/" + account.ownerId()
                    + "/bills?from=" + from + "&to=" + runAt.plus(2, ChronoUnit.DAYS) + "&limit=1000");
            Map<Period, List<Map<String, Object>>> byPeriod = new TreeMap<>();
            for (Map<String, Object> bill : bills) {
                byPeriod.computeIfAbsent(new Period((String) bill.get("billType"),
                        Instant.parse((String) bill.get("periodStart"))), p -> new ArrayList<>()).add(bill);
            }
            List<String> wrong = new ArrayList<>();
            for (Period period : byPeriod.keySet()) {
                if (!expected.containsKey(period)) {
                    wrong.add(period + ": bills " + summary(byPeriod.get(period)) + " where the model has none due");
                }
            }
            expected.forEach((period, rating) -> {
                List<Map<String, Object>> of = byPeriod.getOrDefault(period, List.of());
                BigDecimal charged = of.stream().map(b -> decimal(b, "total")).reduce(BigDecimal.ZERO, BigDecimal::add);
                boolean decidedByTheOpenRule = counting.get(period).charged()
                        .compareTo(notCounting.get(period).charged()) != 0;
                if (decidedByTheOpenRule) {
                    covered.add("hour decided by the open rule");
                }
                boolean open = BANDWIDTH_DAYS_COUNT == null && decidedByTheOpenRule;
                if (!open && charged.compareTo(rating.charged()) != 0) {
                    wrong.add(period + ": bills charged " + charged + " " + summary(of) + ", the model "
                            + rating.charged()
                            + " (ratedAmount " + rating.ratedAmount() + ", lines " + rating.lines() + ", version "
                            + rating.priceBookVersion() + ")");
                }
                for (Map<String, Object> bill : of) {
                    cover(bill);
                    if (!rating.chargeType().equals(bill.get("chargeType"))) {
                        wrong.add(period + ": bill " + bill.get("supplement") + " charge type "
                                + bill.get("chargeType"));
                    }
                    if (versioned && bill.get("priceBookVersion") != null
                            && ((Number) bill.get("priceBookVersion")).intValue() != rating.priceBookVersion()) {
                        wrong.add(period + ": bill " + bill.get("supplement") + " price book version "
                                + bill.get("priceBookVersion") + ", the model " + rating.priceBookVersion());
                    }
                    if (versioned && bill.get("priceBookVersion") == null) {
                        wrong.add(period + ": bill " + bill.get("supplement") + " shows no priceBookVersion");
                    }
                }
            });
            assertThat(wrong).as("the bills against the reference model after the run at %s\n%s\nmodel:\n%s", runAt,
                    String.join("\n", log), model).isEmpty();
            compareLedger(bills);
        }

        @SuppressWarnings("unchecked")
        private void cover(Map<String, Object> bill) {
            if (((Number) bill.get("supplement")).intValue() > 0) {
                covered.add("supplement");
            }
            if (decimal(bill, "total").signum() < 0) {
                covered.add("credit");
            }
            for (Map<String, Object> line : (List<Map<String, Object>>) bill.get("lines")) {
                if ("hour_flow".equals(bill.get("billType")) && ((List<?>) line.get("tiers")).size() > 1) {
                    covered.add("hour across a tier start");
                }
                if ("day_bandwidth".equals(bill.get("billType")) && ((List<Map<String, Object>>) line.get("tiers"))
                        .stream().anyMatch(tier -> ((Number) tier.get("tier")).intValue() > 1)) {
                    covered.add("day across a bandwidth tier");
                }
            }
        }

        /**
         * "one BILL entry per bill with a non-zero total, amount = -total; the balance = opening balance + top-ups +
         * sum of BILL entries".
         */
        private void compareLedger(List<Map<String, Object>> bills) {
            List<Map<String, Object>> entries = new PagedLists(client, null)
                    .all("/admin/accounts/" + account.ownerId() + "/ledger?limit=10000");
            Map<String, BigDecimal> billEntries = new TreeMap<>();
            Map<String, BigDecimal> topUpEntries = new LinkedHashMap<>();
            BigDecimal opening = null;
            for (Map<String, Object> entry : entries) {
                BigDecimal amount = decimal(entry, "amount");
                switch ((String) entry.get("kind")) {
                    case "BILL" -> billEntries.put((String) entry.get("reference"), amount);
                    case "TOP_UP" -> topUpEntries.put((String) entry.get("reference"), amount);
                    case "OPENING_BALANCE" -> opening = amount;
                    default -> throw new AssertionError("an entry of kind " + entry);
                }
            }
            Map<String, BigDecimal> expectedBillEntries = new TreeMap<>();
            for (Map<String, Object> bill : bills) {
                BigDecimal total = decimal(bill, "total");
                if (total.signum() != 0) {
                    expectedBillEntries.put("bill:" + bill.get("billType") + ":" + bill.get("periodStart") + ":"
                            + bill.get("supplement"), total.negate());
                }
            }
            assertThat(opening).isEqualByComparingTo(OPENING_BALANCE);
            assertThat(plain(billEntries)).as("BILL entries").isEqualTo(plain(expectedBillEntries));
            assertThat(plain(topUpEntries)).as("TOP_UP entries").isEqualTo(plain(topUps));
            BigDecimal balance = OPENING_BALANCE.add(topUps.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .add(billEntries.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(decimal(entries.get(entries.size() - 1), "balanceAfter")).as("the last entry's balanceAfter")
                    .isEqualByComparingTo(balance);
            assertThat(new BigDecimal(client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo")
                    .field("balance").toString())).as("the account's balance").isEqualByComparingTo(balance);
        }

        private static Map<String, String> plain(Map<String, BigDecimal> amounts) {
            Map<String, String> plain = new TreeMap<>();
            amounts.forEach((k, v) -> plain.put(k, v.stripTrailingZeros().toPlainString()));
            return plain;
        }

        private static String summary(List<Map<String, Object>> bills) {
            return bills.stream().map(b -> "#" + b.get("supplement") + " " + b.get("chargeType") + " rated "
                    + b.get("ratedAmount") + " total " + b.get("total") + " lines " + lines(b))
                    .collect(Collectors.joining("; ", "[", "]"));
        }

        @SuppressWarnings("unchecked")
        private static String lines(Map<String, Object> bill) {
            return ((List<Map<String, Object>>) bill.get("lines")).stream()
                    .map(l -> l.get("region") + "=" + l.get("quantity") + ":" + l.get("amount"))
                    .collect(Collectors.joining(",", "{", "}"));
        }
    }

    private static BigDecimal decimal(Map<String, Object> row, String field) {
        return new BigDecimal(row.get(field).toString());
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
