package org.cdnbilling.rating;

/** A new price book version that is refused (400); the message names the field. */
public class InvalidPriceBookException extends RuntimeException {

    public InvalidPriceBookException(String message) {
        super(message);
    }
}
