package dev.verity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VerityApplication {

    public static void main(String[] args) {
        java.util.Optional<Integer> child = FastStart.handOver(args);
        if (child.isPresent()) {
            System.exit(child.get());
        }
        SpringApplication.run(VerityApplication.class, args);
    }
}
