export * from "assemblyscript/asc";
