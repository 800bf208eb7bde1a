package dev.roocode.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void shouldMatchAddressesInsideAnIpv4BlockOnly() throws Exception {
        Cidr block = Cidr.parse("10.1.0.0/16");

        assertThat(block.contains(InetAddress.getByName("10.1.0.1"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("10.1.255.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(block.contains(null)).isFalse();
    }

    @Test
    void shouldMatchBlocksThatDoNotEndOnAByteAndSingleAddresses() throws Exception {
        Cidr odd = Cidr.parse("192.0.2.64/27");
        assertThat(odd.contains(InetAddress.getByName("192.0.2.95"))).isTrue();
        assertThat(odd.contains(InetAddress.getByName("192.0.2.96"))).isFalse();
        assertThat(odd.contains(InetAddress.getByName("192.0.2.63"))).isFalse();

        Cidr one = Cidr.parse("127.0.0.1");
        assertThat(one.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("127.0.0.2"))).isFalse();

        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")))
                .isTrue();
    }

    @Test
    void shouldMatchIpv6BlocksAndMappedIpv4Addresses() throws Exception {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertThat(block.contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(Cidr.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
        // Java presents ::ffff:a.b.c.d as IPv4, so an IPv4 allowlist covers it
        assertThat(Cidr.parse("127.0.0.0/8").contains(InetAddress.getByName("::ffff:127.0.0.1")))
                .isTrue();
    }

    @Test
    void shouldRefuseHostNamesAndBadPrefixesWithoutALookup() {
        for (String bad : new String[] {
            "", "localhost", "example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::/129", "1.2.3"
        }) {
            assertThatThrownBy(() -> Cidr.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
