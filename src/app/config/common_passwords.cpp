// SPDX-License-Identifier: MIT
// The passwords scanners try first: the most frequent entries of the public breach-corpus
// rankings, plus the defaults of phone systems and phones. weakSecretReason() compares them with
// a secret after lower-casing it and removing digits and symbols stuck on either end.
#include <string_view>

#include "app/config/weak_secret.h"

namespace sb::config {
namespace {

constexpr std::string_view kCommon[] = {
    // Telephony and equipment defaults.
    "secret", "password", "cisco", "asterisk", "freepbx", "voip", "sip", "pbx", "phone",
    "telephone", "voicemail", "extension", "switchboard", "changeme", "default", "admin",
    "administrator", "root", "user", "guest", "test", "testing", "demo", "operator", "sipuser",
    "sippassword", "voippassword", "elastix", "trixbox", "polycom", "yealink", "grandstream",
    "linksys", "snom", "avaya", "mitel", "panasonic", "ubuntu", "debian", "linux", "raspberry",
    "letmein", "welcome", "login", "access", "master", "service", "support", "office", "private",
    "public", "system", "manager", "server", "network", "internet", "connect", "intercom",
    // Most frequent leaked passwords.
    "123456", "123456789", "12345678", "12345", "1234567", "1234567890", "1234", "123",
    "111111", "000000", "123123", "654321", "666666", "121212", "112233", "987654321",
    "qwerty", "qwertyuiop", "qwerty123", "qwertz", "azerty", "asdf", "asdfgh", "asdfghjkl",
    "zxcvbn", "zxcvbnm", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx", "1qaz2wsx3edc",
    "zaq12wsx", "zaq1zaq1", "qazwsx", "q1w2e3r4", "q1w2e3r4t5", "a1b2c3", "a1b2c3d4",
    "abc123", "abcd1234", "abcdef", "abcdefg", "abc", "password1", "passw0rd", "passwort",
    "pass", "passpass", "pass123", "iloveyou", "loveyou", "love", "lovely", "princess",
    "sunshine", "monkey", "dragon", "shadow", "superman", "batman", "spiderman",
    "football", "baseball", "basketball", "soccer", "hockey", "golf", "tennis", "jordan",
    "michael", "jennifer", "jessica", "ashley", "daniel", "thomas", "robert", "charlie",
    "andrew", "joshua", "matthew", "michelle", "nicole", "hannah", "maggie", "ginger",
    "hunter", "ranger", "buster", "tigger", "pepper", "cookie", "cheese", "chocolate",
    "summer", "winter", "autumn", "spring", "flower", "rainbow", "starwars", "pokemon",
    "computer", "trustno1", "whatever", "freedom", "killer", "hello", "hellokitty", "secret1",
    "mustang", "harley", "corvette", "ferrari", "porsche", "mercedes", "yankees", "cowboys",
    "liverpool", "arsenal", "chelsea", "barcelona", "qwe123", "qweasd", "qweasdzxc", "asd123",
    "zxc123", "aa123456", "a123456", "123qwe", "123abc", "1234qwer", "qwer1234", "1qazxsw2",
    "blink182", "samsung", "apple", "google", "facebook", "microsoft", "windows", "mypass",
    "mypassword", "nothing", "donald", "ninja", "mustangs", "naruto", "anthony", "justin",
    "soccer1", "princess1", "1111", "0000", "2222", "9999", "7777777", "888888", "1212",
    "4321", "159753", "147258369", "147258", "123654", "789456", "456789", "11111111",
    "00000000", "88888888", "55555", "131313", "696969", "zzzzzz", "aaaaaa", "qqqqqq",
    "opensesame", "trustme", "letmein1", "welcome1", "admin123", "root123", "test123",
};

}  // namespace

std::span<const std::string_view> commonPasswords() { return kCommon; }

}  // namespace sb::config
