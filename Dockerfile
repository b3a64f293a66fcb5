# openflow-exhook (the broker's ExHook sidecar) and openflow-provisioner.
#
#   docker build -t openflow-exhook .
#
# The build stage installs exactly scripts/deps-debian.txt through
# scripts/install-deps --build, the list the README's set-up uses, so the two
# cannot drift apart. The runtime stage installs the Debian packages that own
# the shared libraries the two binaries link (found with ldd and dpkg -S in
# the build stage), nothing else, and runs as an unprivileged user.

FROM debian:12-slim AS build
COPY scripts/install-deps scripts/deps-debian.txt /src/scripts/
RUN /src/scripts/install-deps --build && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DOPENFLOW_BUILD_TESTS=OFF \
 && cmake --build /build -j"$(nproc)" --target openflow-exhook openflow-provisioner \
 && mkdir -p /out/bin \
 && install -s -m 0755 /build/exhook/openflow-exhook /build/provisioner/openflow-provisioner /out/bin/ \
 && for lib in $(ldd /out/bin/* | awk '/=> \// {print $3}' | sort -u); do \
      dpkg -S "$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" \
        || { echo "no Debian package owns $lib" >&2; exit 1; }; \
    done | cut -d: -f1 | sort -u > /out/runtime-packages.txt

FROM debian:12-slim
COPY --from=build /out/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update -q \
 && xargs -a /tmp/runtime-packages.txt apt-get install -y -q --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 openflow \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin openflow
COPY --from=build /out/bin/ /usr/local/bin/
USER 10001:10001
EXPOSE 9000
# Asks the server's gRPC health service; SERVING once credentials are loaded.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["openflow-exhook", "--probe", "--listen", "127.0.0.1:9000"]
ENTRYPOINT ["openflow-exhook"]
CMD ["--listen", "0.0.0.0:9000"]
