tkShard("73-65",[
["second",3,"top","Top","en",""]
]);
