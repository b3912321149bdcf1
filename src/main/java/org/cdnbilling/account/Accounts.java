package org.cdnbilling.account;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Accounts extends JpaRepository<Account, Long> {

    Optional<Account> findByOwnerAccount(String ownerAccount);
}
