package org.cdnbilling.accesskey;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccessKeys extends JpaRepository<AccessKey, String> {

    /** Up to {@code limit} of the account's keys numbered above {@code after}, in number order. */
    List<AccessKey> findByOwnerIdAndNumberGreaterThanOrderByNumberAsc(long ownerId, long after, Limit limit);

    Optional<AccessKey> findByAccessKeyIdAndOwnerId(String accessKeyId, long ownerId);
}
