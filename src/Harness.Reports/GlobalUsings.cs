global using Harness.Store;
