package dev.verity.tenancy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /** Portal admin passwords: bcrypt (SECURITY.md rule 18). */
    @Bean
    PasswordEncoder portalPasswordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
