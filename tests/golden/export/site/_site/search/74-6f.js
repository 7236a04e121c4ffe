tkShard("74-6f",[
["top",0,"top","Top","en",""],
["top",3,"top","Top","en",""]
]);
