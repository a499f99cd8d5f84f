package dev.verity;

import java.util.Optional;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VerityApplication {

    public static void main(String[] args) {
        Optional<Integer> child = FastStart.handOver(args);
        if (child.isPresent()) {
            System.exit(child.get());
        }
        SpringApplication.run(VerityApplication.class, args);
    }
}
