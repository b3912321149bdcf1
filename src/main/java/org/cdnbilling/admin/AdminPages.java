package org.cdnbilling.admin;

import org.cdnbilling.persistence.KeysetPage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The answer of a paged admin list: 200 and, while more rows follow, a {@code Link} header (RFC 8288)
 * {@code rel="next"} to the next page, root-relative, with the page's last key as {@code after} and the same
 * {@code limit}; the last page has none. Each list declares its {@code after} ({@code @PositiveOrZero}, default 0)
 * and its {@code limit} ({@code @Min(1) @Max(...)}, its own default) as {@code long} query parameters, so that a bad
 * value, one too large for an int too, is a 400 naming it and its constraint ({@link AdminExceptionHandler}).
 */
public final class AdminPages {

    private AdminPages() {
    }

    /**
     * 200 for the page, with its {@code Link rel="next"} while more follow.
     *
     * @param list the list's path (a URI template such as {@code /admin/accounts/{ownerId}/bills}) with the query
     *        parameters other than {@code after} and {@code limit} that the next page keeps (a filter)
     * @param uriVariables the values of the path's variables
     */
    public static ResponseEntity.BodyBuilder ok(KeysetPage<?> page, long limit, UriComponentsBuilder list,
            Object... uriVariables) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        page.nextAfter().ifPresent(next -> ok.header(HttpHeaders.LINK, "<" + list.queryParam("after", next)
                .queryParam("limit", limit).buildAndExpand(uriVariables).encode().toUriString() + ">; rel=\"next\""));
        return ok;
    }
}
