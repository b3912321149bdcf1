package org.cdnbilling.billing;

/** The accounts {@code first} to {@code last} (OwnerIds, both included) that one partition of a run bills. */
public record AccountRange(long first, long last) {

    /** Every account: what a run looks at to find the due ones. */
    public static final AccountRange EVERY_ACCOUNT = new AccountRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public AccountRange {
        if (first > last) {
            throw new IllegalArgumentException("an account range runs upwards: " + first + "-" + last);
        }
    }

    /** Parses {@link #toString()}. */
    public static AccountRange parse(String text) {
        int dash = text.indexOf('-');
        return new AccountRange(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
