FROM opensuse/tumbleweed

RUN zypper ref && zypper dup
RUN zypper in gcc-c++ cmake git libboost_headers-devel

WORKDIR /src
COPY . .
RUN cmake -B build && cmake --build build -j"$(nproc)"
CMD ["./build/simulator"]
