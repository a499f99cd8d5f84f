package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The language of a message: the caller's {@code Accept-Language} (RFC 9110 §12.5.4) matched against the
 * application's languages, else the application's first language.
 */
class ApplicationLanguageTest {

    private static final Application EN_ES = application(List.of("en", "es"));
    private static final Application ES_EN = application(List.of("es", "en"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "es                         | es",
            "en                         | en",
            "ES                         | es",
            "es-CO                      | es",
            "es-CO,es;q=0.9,en;q=0.5    | es",
            "en-US,en;q=0.9,es;q=0.8    | en",
            "fr-FR,fr;q=0.9,es;q=0.5    | es",
            "es;q=0.1,en;q=0.9          | en",
            "de,es;q=0.2                | es",
            "'en;q=0, es'               | es"})
    void chooseLanguageWhenHeaderMatchesThenBestMatch(String header, String expected) {
        assertThat(EN_ES.chooseLanguage(header)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "de-DE,fr;q=0.8", "pt-BR", "zh-Hant-TW"})
    void chooseLanguageWhenNoMatchThenApplicationsFirstLanguage(String header) {
        assertThat(EN_ES.chooseLanguage(header)).isEqualTo("en");
        assertThat(ES_EN.chooseLanguage(header)).isEqualTo("es");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "en;q=abc", "es;q=2", ";;;", "en-", "\u00e9s", "es,,;q=", "-", "en,-", "-;q=1"})
    void chooseLanguageWhenHeaderAbsentOrMalformedThenApplicationsFirstLanguage(String header) {
        assertThat(EN_ES.chooseLanguage(header)).isEqualTo("en");
        assertThat(ES_EN.chooseLanguage(header)).isEqualTo("es");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "es"})
    void chooseLanguageWhenApplicationHasOneLanguageThenAlwaysThatLanguage(String header) {
        assertThat(application(List.of("fr")).chooseLanguage(header)).isEqualTo("fr");
        assertThat(application(List.of("fr")).chooseLanguage(null)).isEqualTo("fr");
    }

    private static Application application(List<String> languages) {
        return new Application("app", "tenant", "App", OtpPolicy.DEFAULT, languages, List.of());
    }
}
