FROM gcc:14 AS build

RUN apt-get update && apt-get install -y cmake ninja-build python3-pip python3-venv
RUN python3 -m venv /opt/conan && /opt/conan/bin/pip install conan
ENV PATH="/opt/conan/bin:${PATH}"

WORKDIR /src
COPY conanfile.txt .
RUN conan profile detect && conan install . --output-folder=build --build=missing
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_TOOLCHAIN_FILE=build/conan_toolchain.cmake -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build

FROM debian:12-slim
COPY --from=build /src/build/matcher /usr/local/bin/matcher
USER 1000
ENTRYPOINT ["matcher"]
