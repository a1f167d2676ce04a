package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1",
            "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            // 6to4 (2002::/16, here wrapping 127.0.0.1 and 10.0.0.1) and Teredo (2001::/32)
            "2002:7f00:1::1", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void privateLoopbackLinkLocalAndReservedAddressesAreForbidden(String address) throws Exception {
        assertThat(AddressGuard.isForbidden(InetAddress.getByName(address))).as(address).isTrue();
        assertThatThrownBy(() -> new AddressGuard(List.of()).check(address))
                .isInstanceOf(AddressGuard.BlockedAddressException.class)
                .hasMessageContaining("ATELIER_FETCH_ALLOWLIST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111",
            "2001:4860:4860::8888"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(AddressGuard.isForbidden(InetAddress.getByName(address))).as(address).isFalse();
        assertThat(new AddressGuard(List.of()).check(address)).isNotEmpty();
    }

    @Test
    void theAllowListOpensCidrsAndHostsAndNothingElse() throws Exception {
        AddressGuard guard = new AddressGuard(List.of("127.0.0.0/8", "localhost"));
        assertThat(guard.check("127.0.0.1")).isNotEmpty();
        assertThat(guard.check("localhost")).isNotEmpty();
        assertThatThrownBy(() -> guard.check("10.0.0.1")).isInstanceOf(AddressGuard.BlockedAddressException.class);
        assertThatThrownBy(() -> guard.check("169.254.169.254"))
                .isInstanceOf(AddressGuard.BlockedAddressException.class);
    }

    @Test
    void aMalformedAllowListEntryIsRejectedAtStartup() {
        assertThatThrownBy(() -> new AddressGuard(List.of("10.0.0.0/99"))).isInstanceOf(IllegalArgumentException.class);
    }
}
