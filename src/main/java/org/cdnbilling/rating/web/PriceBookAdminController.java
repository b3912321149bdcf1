package org.cdnbilling.rating.web;

import java.util.List;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.rating.InvalidPriceBookException;
import org.cdnbilling.rating.PriceBookChanges;
import org.cdnbilling.rating.PriceBookConflictException;
import org.cdnbilling.rating.PriceBooks;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/price-books} (operator login): every price book version, oldest first, and a new one from a future
 * UTC hour. Versions are immutable: there is no PUT or DELETE.
 */
@RestController
@AdminApi
@RequestMapping("/admin/price-books")
class PriceBookAdminController {

    private final PriceBooks books;
    private final PriceBookChanges changes;

    PriceBookAdminController(PriceBooks books, PriceBookChanges changes) {
        this.books = books;
        this.changes = changes;
    }

    @GetMapping
    List<PriceBookVersionView> versions() {
        return books.versions().all().stream().map(PriceBookVersionView::of).toList();
    }

    /** 201 the new version, every region filled in from the latest where the request names none. */
    @PostMapping
    ResponseEntity<PriceBookVersionView> add(@RequestBody PriceBookRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(PriceBookVersionView.of(changes.add(request.change())));
    }

    @ExceptionHandler(InvalidPriceBookException.class)
    ProblemDetail invalid(InvalidPriceBookException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(PriceBookConflictException.class)
    ProblemDetail conflict(PriceBookConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
