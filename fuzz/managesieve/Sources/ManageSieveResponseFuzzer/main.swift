import FuzzDriver

runLibFuzzer { data, size in fuzzResponseDecoder(data, size) }
