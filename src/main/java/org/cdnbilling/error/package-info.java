/** The one place where error codes, their HTTP statuses and messages are defined. */
package org.cdnbilling.error;
