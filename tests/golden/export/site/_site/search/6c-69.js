tkShard("6c-69",[
["line",3,"top","Top","en",""]
]);
